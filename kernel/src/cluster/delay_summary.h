#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// One node's summary of its members' one-way delays in a room, shared through the store
// (room:{code}:delays, field = node id) so the node applying a command can schedule it for the
// members of every node (docs/realtime.md "Playback commands").
namespace streamit::cluster {

struct DelaySummary {
  std::int64_t p90_ms = 0;  // rounded up: a shared summary never shortens a lead
  std::int64_t samples = 0;
  // The writer's clock: a ref_server_ms crossing the bus already assumes node clocks agree.
  std::int64_t written_ms = 0;

  bool operator==(const DelaySummary&) const = default;
};

// "<p90 ms>,<samples>,<written at ms>", e.g. "201,3,1764017719000".
std::string encodeDelaySummary(const DelaySummary& summary);

// Strict: exactly three decimal counts (no sign, no space, at most 18 digits) separated by
// commas and at least one sample; anything else (a newer node's format, a corrupted value) is
// nullopt rather than a guess.
std::optional<DelaySummary> decodeDelaySummary(std::string_view text);

}  // namespace streamit::cluster
