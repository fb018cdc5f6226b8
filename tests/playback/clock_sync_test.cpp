#include "playback/clock_sync.h"

#include <limits>

#include <gtest/gtest.h>

namespace streamit::playback {
namespace {

TEST(ClockSync, SymmetricPathGivesExactOffset) {
  // Server clock is 1000 ms ahead; 20 ms each way; server holds the ping 5 ms.
  const double t0 = 5'000;
  const double t1 = t0 + 20 + 1'000;
  const double t2 = t1 + 5;
  const double t3 = t0 + 20 + 5 + 20;
  const ClockSample sample = fromPong(t0, t1, t2, t3);
  EXPECT_DOUBLE_EQ(sample.offset_ms, 1'000.0);
  EXPECT_DOUBLE_EQ(sample.delay_ms, 40.0);
}

TEST(ClockSync, AsymmetryErrorIsBoundedByHalfDelay) {
  // 30 ms out, 10 ms back, server 250 ms behind.
  const double t0 = 0;
  const double t1 = 30 - 250;
  const double t2 = t1;
  const double t3 = 40;
  const ClockSample sample = fromPong(t0, t1, t2, t3);
  EXPECT_DOUBLE_EQ(sample.delay_ms, 40.0);
  EXPECT_DOUBLE_EQ(sample.offset_ms, -240.0);  // true -250, error 10 ≤ 40/2
}

TEST(ClockFilter, EmptyHasNoEstimate) {
  ClockFilter filter;
  EXPECT_EQ(filter.best(), std::nullopt);
  EXPECT_EQ(filter.size(), 0u);
}

TEST(ClockFilter, PicksLowestDelay) {
  ClockFilter filter;
  filter.add({10.0, 50.0});
  filter.add({12.0, 20.0});
  filter.add({30.0, 90.0});
  EXPECT_EQ(filter.best(), (ClockSample{12.0, 20.0}));
}

TEST(ClockFilter, KeepsOnlyTheLastEight) {
  ClockFilter filter;
  filter.add({99.0, 1.0});  // best, but will be pushed out
  for (int i = 0; i < 8; ++i) {
    filter.add({static_cast<double>(i), 10.0 + i});
  }
  EXPECT_EQ(filter.size(), ClockFilter::kCapacity);
  EXPECT_EQ(filter.best(), (ClockSample{0.0, 10.0}));
  filter.add({5.0, 100.0});  // pushes out {0, 10}
  EXPECT_EQ(filter.best(), (ClockSample{1.0, 11.0}));
}

TEST(ClockFilter, NewestWinsTies) {
  ClockFilter filter;
  filter.add({1.0, 10.0});
  filter.add({2.0, 10.0});
  EXPECT_EQ(filter.best(), (ClockSample{2.0, 10.0}));
}

TEST(ClockFilter, DropsImpossibleSamples) {
  ClockFilter filter;
  EXPECT_FALSE(filter.add({0.0, -1.0}));
  EXPECT_FALSE(filter.add({std::numeric_limits<double>::quiet_NaN(), 1.0}));
  EXPECT_FALSE(filter.add({0.0, std::numeric_limits<double>::infinity()}));
  EXPECT_EQ(filter.size(), 0u);
  EXPECT_TRUE(filter.add({0.0, 0.0}));
  filter.clear();
  EXPECT_EQ(filter.best(), std::nullopt);
}

}  // namespace
}  // namespace streamit::playback
