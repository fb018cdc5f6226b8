#include "ratelimit/gcra.h"

#include <gtest/gtest.h>

#include <random>

namespace streamit::ratelimit {
namespace {

TEST(Gcra, BurstPassesThenRefusesWithExactRetryAfter) {
  const Limit limit{10, 3};  // one every 100 ms, bursts of 3
  std::optional<std::int64_t> tat;
  for (int i = 0; i < 3; ++i) {
    const auto d = gcra(tat, 1000, limit);
    ASSERT_TRUE(d.allowed) << i;
    tat = d.newTatMs;
  }
  const auto refused = gcra(tat, 1000, limit);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retryAfterMs, 100);
  EXPECT_EQ(refused.newTatMs, *tat) << "a refused request must not consume capacity";
  EXPECT_FALSE(gcra(tat, 1099, limit).allowed);
  EXPECT_TRUE(gcra(tat, 1100, limit).allowed);
}

TEST(Gcra, IdleTimeRefillsUpToTheBurstOnly) {
  const Limit limit{1, 2};
  std::optional<std::int64_t> tat = gcra(std::nullopt, 0, limit).newTatMs;
  // After an hour idle, still only `burst` in a row.
  int passed = 0;
  for (int i = 0; i < 10; ++i) {
    const auto d = gcra(tat, 3'600'000, limit);
    if (d.allowed) {
      ++passed;
      tat = d.newTatMs;
    }
  }
  EXPECT_EQ(passed, 2);
}

TEST(Gcra, AcceptedNeverExceedsBurstPlusRateTimesT) {
  // T8's bound, checked over random arrival patterns.
  for (unsigned seed = 1; seed <= 50; ++seed) {
    std::mt19937 rng(seed);
    const Limit limit{static_cast<double>(1 + rng() % 20),
                      static_cast<std::int64_t>(1 + rng() % 10)};
    std::optional<std::int64_t> tat;
    std::int64_t now = 0;
    std::int64_t accepted = 0;
    for (int i = 0; i < 2000; ++i) {
      now += static_cast<std::int64_t>(rng() % 30);
      const auto d = gcra(tat, now, limit);
      if (d.allowed) {
        ++accepted;
        tat = d.newTatMs;
      }
    }
    const double bound = static_cast<double>(limit.burst) +
                         static_cast<double>(now) / static_cast<double>(emissionIntervalMs(limit));
    EXPECT_LE(static_cast<double>(accepted), bound + 1) << "seed " << seed;
  }
}

TEST(Gcra, ASaturatingClientGetsTheFullRate) {
  const Limit limit{10, 5};
  std::optional<std::int64_t> tat;
  std::int64_t accepted = 0;
  for (std::int64_t now = 0; now < 10'000; ++now) {  // one attempt per millisecond for 10 s
    const auto d = gcra(tat, now, limit);
    if (d.allowed) {
      ++accepted;
      tat = d.newTatMs;
    }
  }
  EXPECT_EQ(accepted, 5 + 100 - 1);  // the burst, then one per 100 ms
}

}  // namespace
}  // namespace streamit::ratelimit
