#pragma once

#include <cstdint>

#include "playback/playback_state.h"

// Shared fixtures for the playback tests.
namespace streamit::playback::test {

inline constexpr std::int64_t kNow = 1'700'000'000'000;
inline constexpr std::int64_t kLead = 300;

inline PlaybackSource movie() {
  PlaybackSource source;
  source.provider = "provider.example";
  source.stream_id = "movie-42";
  source.kind = "hls";
  source.url = "https://cdn.example/movie-42/master.m3u8";
  source.duration_s = 7200.0;
  source.qualities = {"1080p", "720p"};
  source.subtitles = {"en", "fr"};
  return source;
}

inline PlaybackState pausedAt(double position, std::uint64_t version = 5) {
  PlaybackState state;
  state.epoch = 3;
  state.version = version;
  state.status = PlaybackStatus::kPaused;
  state.position_s = position;
  state.ref_server_ms = kNow - 10'000;
  state.source = movie();
  return state;
}

inline PlaybackState playingFrom(double position, std::int64_t refMs, std::uint64_t version = 5) {
  PlaybackState state = pausedAt(position, version);
  state.status = PlaybackStatus::kPlaying;
  state.ref_server_ms = refMs;
  return state;
}

}  // namespace streamit::playback::test
