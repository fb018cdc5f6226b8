#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

// The authoritative playback state of one room (ARCHITECTURE.md §3.3, SYNC.md). Clients never
// guess a position: they derive it from (position_s, ref_server_ms, rate) and the server clock.
namespace streamit::playback {

enum class PlaybackStatus { kPaused, kPlaying };

// "paused" / "playing" (the wire spelling).
std::string_view toString(PlaybackStatus status);
std::optional<PlaybackStatus> parsePlaybackStatus(std::string_view text);

// What is being played, as resolved by a provider plugin.
struct PlaybackSource {
  std::string provider;   // provider plugin id, e.g. "provider.vidking"
  std::string stream_id;  // provider-specific id of the stream
  std::string kind;       // e.g. "hls", "mp4", "embed": tells the client which player to use
  std::string url;        // direct media URL (empty for embeds)
  std::string embed_url;  // iframe URL (empty for direct media)
  std::optional<double> duration_s;  // unknown for live streams and some embeds
  // Quality labels the host may pick besides "auto"; subtitle track ids the host may pick.
  std::vector<std::string> qualities;
  std::vector<std::string> subtitles;

  bool operator==(const PlaybackSource&) const = default;
};

inline constexpr std::string_view kAutoQuality = "auto";

struct PlaybackState {
  // Changes only when the realtime state was lost and rebuilt; versions restart per epoch.
  std::uint64_t epoch = 1;
  std::uint64_t version = 0;
  PlaybackStatus status = PlaybackStatus::kPaused;
  // The position at server instant ref_server_ms.
  double position_s = 0.0;
  std::int64_t ref_server_ms = 0;
  double rate = 1.0;
  std::optional<PlaybackSource> source;
  std::string quality = std::string(kAutoQuality);
  std::optional<std::string> subtitle;

  bool operator==(const PlaybackState&) const = default;
};

// The media position at server instant `nowMs`: position_s + (now - ref)/1000 * rate while
// playing, clamped to [0, duration] when the duration is known. Before a scheduled start
// (now < ref_server_ms) the position is held at position_s: clients wait for the start instant
// instead of pre-rolling, so every client starts the same frame at the same instant.
double positionAt(const PlaybackState& state, std::int64_t nowMs);

// Thrown by the strict parser; what() names the offending key.
class PlaybackJsonError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The `playback.state` payload. Every key is always written (absent optionals as null).
Poco::JSON::Object::Ptr toJson(const PlaybackState& state);
std::string toJsonString(const PlaybackState& state);

// Strict: every key required, no unknown keys, exact types, finite numbers; otherwise throws
// PlaybackJsonError. (Poco's parser keeps the last of duplicate keys; that is not detected.)
PlaybackState playbackStateFromJson(const Poco::JSON::Object& object);
PlaybackState playbackStateFromJsonString(std::string_view text);

}  // namespace streamit::playback
