// Parser for the VidKing player's postMessage telemetry (soft sync, SYNC.md item 7). Pure: the
// realtime layer feeds it what the browser relayed and gets a validated event or a reason.
// Not compiled into the plugin (the plugin never sees browser messages); it uses Poco::JSON,
// which the kernel links anyway.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamit::vidking {

// The only origin the real player posts from.
inline constexpr std::string_view kPlayerOrigin = "https://www.vidking.net";
// Real messages are ~250 bytes; anything far larger is not from the player.
inline constexpr std::size_t kMaxPlayerMessageBytes = 4096;

enum class PlayerEventType { kPlay, kPause, kTimeUpdate, kSeeked, kEnded };

std::string_view playerEventName(PlayerEventType type);

struct PlayerEvent {
  PlayerEventType event = PlayerEventType::kTimeUpdate;
  double currentTime = 0;  // seconds, finite, >= 0
  double duration = 0;     // seconds, finite, >= 0; 0 when the player did not say
  double progress = 0;     // percent 0..100; 0 when absent
  std::string id;          // TMDB id as sent (number or string); empty when absent
  std::string mediaType;   // "movie" | "tv" | empty when absent
  std::optional<uint32_t> season;
  std::optional<uint32_t> episode;
  std::optional<int64_t> timestamp;  // ms since the epoch, as the player's clock said
};

struct PlayerEventResult {
  std::optional<PlayerEvent> event;  // set when valid
  std::string error;                 // why not, when invalid
};

// `origin` is the MessageEvent's origin; `message` its data (a JSON string). `expectedOrigin`
// is the configured player origin (kPlayerOrigin in production, the fake server's in tests).
PlayerEventResult parsePlayerEvent(std::string_view origin, std::string_view message,
                                   std::string_view expectedOrigin = kPlayerOrigin);

}  // namespace streamit::vidking
