#include "hub/version_filter.h"

#include <gtest/gtest.h>

namespace streamit::hub {
namespace {

TEST(VersionFilter, DeliversTheFirstSightingAndThenConsecutiveVersions) {
  VersionFilter filter;
  EXPECT_EQ(filter.observe(1, 5), VersionDecision::kDeliver);
  EXPECT_EQ(filter.observe(1, 6), VersionDecision::kDeliver);
  EXPECT_EQ(filter.version(), 6u);
}

TEST(VersionFilter, DropsDuplicatesAndOlderVersions) {
  VersionFilter filter;
  filter.reset(1, 6);
  EXPECT_EQ(filter.observe(1, 6), VersionDecision::kDrop);
  EXPECT_EQ(filter.observe(1, 2), VersionDecision::kDrop);
  EXPECT_EQ(filter.version(), 6u);
}

TEST(VersionFilter, ReportsAGapWithoutMovingForward) {
  VersionFilter filter;
  filter.reset(1, 6);
  EXPECT_EQ(filter.observe(1, 9), VersionDecision::kGap);
  EXPECT_EQ(filter.version(), 6u);  // the caller fetches the state and resets
}

TEST(VersionFilter, ANewEpochIsDeliveredWhateverItsVersionAndOldEpochsAreDropped) {
  VersionFilter filter;
  filter.reset(1, 40);
  EXPECT_EQ(filter.observe(2, 0), VersionDecision::kDeliver);
  EXPECT_EQ(filter.epoch(), 2u);
  EXPECT_EQ(filter.observe(1, 41), VersionDecision::kDrop);
  EXPECT_EQ(filter.observe(2, 1), VersionDecision::kDeliver);
}

}  // namespace
}  // namespace streamit::hub
