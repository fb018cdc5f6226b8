#pragma once

#include <cstdint>
#include <optional>

namespace streamit::ratelimit {

// A limit of `ratePerSecond` sustained with bursts of up to `burst` requests.
struct Limit {
  double ratePerSecond = 5;
  std::int64_t burst = 10;
};

struct Decision {
  bool allowed = false;
  std::int64_t newTatMs = 0;      // theoretical arrival time to store when allowed
  std::int64_t retryAfterMs = 0;  // when refused: how long until one request would pass
};

// Generic Cell Rate Algorithm: one timestamp per key (the theoretical arrival time, TAT) and
// no background refill, so it runs the same atomically in Redis Lua and in memory. Over any
// window t, at most burst + rate·t requests pass. Pure.
Decision gcra(std::optional<std::int64_t> tatMs, std::int64_t nowMs, const Limit& limit);

// Milliseconds between two requests at the sustained rate (at least 1).
std::int64_t emissionIntervalMs(const Limit& limit);

}  // namespace streamit::ratelimit
