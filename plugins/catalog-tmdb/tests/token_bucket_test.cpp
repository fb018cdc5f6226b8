// The outbound token bucket with an injected clock: no sleeping, no timing assertions.
#include <gtest/gtest.h>

#include "token_bucket.h"

namespace streamit::catalog_tmdb {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using Clock = TokenBucket::Clock;

TEST(TokenBucket, BurstGoesAtOnceThenTheRateApplies) {
  const Clock::time_point t0{};
  TokenBucket bucket(20, 5, t0);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(bucket.acquire(t0, milliseconds(0)), nanoseconds::zero()) << i;
  // Empty: without waiting allowed, refused and nothing taken.
  EXPECT_EQ(bucket.acquire(t0, milliseconds(0)), std::nullopt);
  EXPECT_NEAR(bucket.tokens(t0), 0.0, 1e-9);
  // 50 ms at 20/s refills exactly one token.
  EXPECT_EQ(bucket.acquire(t0 + milliseconds(50), milliseconds(0)), nanoseconds::zero());
  EXPECT_EQ(bucket.acquire(t0 + milliseconds(50), milliseconds(0)), std::nullopt);
}

TEST(TokenBucket, WaitsAreReservedInOrderAndBounded) {
  const Clock::time_point t0{};
  TokenBucket bucket(10, 1, t0);
  EXPECT_EQ(bucket.acquire(t0, milliseconds(1000)), nanoseconds::zero());
  // Next tokens arrive at +100 ms, +200 ms...: each caller is told its own wait.
  EXPECT_EQ(bucket.acquire(t0, milliseconds(1000)), milliseconds(100));
  EXPECT_EQ(bucket.acquire(t0, milliseconds(1000)), milliseconds(200));
  // A wait beyond the bound is refused without consuming a reservation.
  EXPECT_EQ(bucket.acquire(t0, milliseconds(250)), std::nullopt);
  EXPECT_EQ(bucket.acquire(t0, milliseconds(300)), milliseconds(300));
}

TEST(TokenBucket, RefillIsCappedAtBurstAndIgnoresAClockGoingBack) {
  const Clock::time_point t0{};
  TokenBucket bucket(100, 3, t0);
  EXPECT_NEAR(bucket.tokens(t0 + std::chrono::hours(1)), 3.0, 1e-9);
  const Clock::time_point later = t0 + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(bucket.acquire(later, milliseconds(0)), nanoseconds::zero());
  EXPECT_EQ(bucket.acquire(later - milliseconds(500), milliseconds(0)), std::nullopt);
}

}  // namespace
}  // namespace streamit::catalog_tmdb
