// Outbound request budget: a token bucket with reservation. Pure (the clock is an argument) and
// not thread-safe: the caller serializes acquire().
#pragma once

#include <chrono>
#include <optional>

namespace streamit::catalog_tmdb {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts full: `burst` requests may go at once, then `ratePerSecond` on average.
  TokenBucket(double ratePerSecond, double burst, Clock::time_point now);

  // Takes one token. Returns how long the caller must wait before sending (zero when a token
  // was there), or nullopt — and takes nothing — when that wait would exceed `maxWait`.
  // Reserving ahead (the balance may go negative) keeps concurrent waiters in FIFO order
  // without a second bookkeeping structure.
  std::optional<std::chrono::nanoseconds> acquire(Clock::time_point now,
                                                  std::chrono::nanoseconds maxWait);

  double tokens(Clock::time_point now);  // for tests

 private:
  void refill(Clock::time_point now);

  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace streamit::catalog_tmdb
