#include "ratelimit/gcra.h"

#include <algorithm>
#include <cmath>

namespace streamit::ratelimit {

std::int64_t emissionIntervalMs(const Limit& limit) {
  const double interval = 1000.0 / std::max(limit.ratePerSecond, 1e-3);
  return std::max<std::int64_t>(1, std::llround(interval));
}

Decision gcra(std::optional<std::int64_t> tatMs, std::int64_t nowMs, const Limit& limit) {
  const std::int64_t interval = emissionIntervalMs(limit);
  const std::int64_t burst = std::max<std::int64_t>(1, limit.burst);
  const std::int64_t tat = std::max(tatMs.value_or(nowMs), nowMs);
  const std::int64_t newTat = tat + interval;
  // The request may pass if, after it, the bucket is no more than `burst` intervals ahead.
  const std::int64_t allowAt = newTat - burst * interval;
  if (nowMs < allowAt)
    return Decision{false, tat, allowAt - nowMs};
  return Decision{true, newTat, 0};
}

}  // namespace streamit::ratelimit
