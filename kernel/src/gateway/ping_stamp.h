#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ws/frame_writer.h"

namespace streamit::gateway {

// Our pings carry their send time (8 bytes, big-endian steady-clock µs); the pong echoes it, so
// a round trip needs no per-connection state.
inline constexpr std::size_t kPingStampBytes = 8;
// Round trips longer than this (or than 2 heartbeat intervals) are not believed.
inline constexpr std::int64_t kMaxProbeMs = 10000;

std::string encodePingStamp(std::int64_t sentUs);
// nullopt when the payload is not one of our stamps (clients may send unsolicited pongs).
std::optional<std::int64_t> decodePingStamp(std::string_view payload);
// The round trip a pong claims, or nullopt when it is not believable: not a stamp, a stamp from
// the future, or one older than any ping still in flight — a client can only claim a delay it
// could also cause by answering late.
std::optional<std::int64_t> roundTripUs(std::string_view pongPayload, std::int64_t nowUs,
                                        std::int64_t heartbeatIntervalMs);
// A complete ping frame carrying `sentUs`.
ws::SharedFrame stampedPing(std::int64_t sentUs);

}  // namespace streamit::gateway
