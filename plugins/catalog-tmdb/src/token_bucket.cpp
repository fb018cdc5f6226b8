#include "token_bucket.h"

#include <algorithm>
#include <cmath>

namespace streamit::catalog_tmdb {

TokenBucket::TokenBucket(double ratePerSecond, double burst, Clock::time_point now)
    : rate_(ratePerSecond), burst_(std::max(burst, 1.0)), tokens_(burst_), last_(now) {}

void TokenBucket::refill(Clock::time_point now) {
  if (now <= last_)
    return;  // a caller with an older reading of the clock adds nothing
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  last_ = now;
}

std::optional<std::chrono::nanoseconds> TokenBucket::acquire(Clock::time_point now,
                                                             std::chrono::nanoseconds maxWait) {
  refill(now);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return std::chrono::nanoseconds::zero();
  }
  const double waitSeconds = (1.0 - tokens_) / rate_;
  const auto wait = std::chrono::nanoseconds(static_cast<int64_t>(std::ceil(waitSeconds * 1e9)));
  if (wait > maxWait)
    return std::nullopt;
  tokens_ -= 1.0;
  return wait;
}

double TokenBucket::tokens(Clock::time_point now) {
  refill(now);
  return tokens_;
}

}  // namespace streamit::catalog_tmdb
