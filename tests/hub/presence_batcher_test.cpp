#include "hub/presence_batcher.h"

#include <gtest/gtest.h>

namespace streamit::hub {
namespace {

Participant person(int n) {
  return {"s" + std::to_string(n), "guest:" + std::to_string(n), "P" + std::to_string(n), false};
}

TEST(PresenceBatcher, ListsJoinsAndLeavesOfOneWindow) {
  PresenceBatcher batcher(10);
  batcher.joined(person(1));
  batcher.joined(person(2));
  batcher.left(person(3));
  ASSERT_TRUE(batcher.pending());
  const auto flush = batcher.flush();
  EXPECT_FALSE(flush.count_only);
  EXPECT_EQ(flush.joined, (std::vector<Participant>{person(1), person(2)}));
  EXPECT_EQ(flush.left, (std::vector<Participant>{person(3)}));
  EXPECT_FALSE(batcher.pending());
  EXPECT_TRUE(batcher.flush().empty());
}

TEST(PresenceBatcher, AJoinAndLeaveInsideOneWindowCancelOut) {
  PresenceBatcher batcher(10);
  batcher.joined(person(1));
  batcher.joined(person(2));
  batcher.left(person(1));
  const auto flush = batcher.flush();
  EXPECT_EQ(flush.joined, (std::vector<Participant>{person(2)}));
  EXPECT_TRUE(flush.left.empty());
}

TEST(PresenceBatcher, ARampAboveTheListLimitSendsOnlyTheCount) {
  PresenceBatcher batcher(50);
  for (int i = 0; i < 5000; ++i)
    batcher.joined(person(i));
  const auto flush = batcher.flush();
  EXPECT_TRUE(flush.count_only);
  EXPECT_TRUE(flush.joined.empty());
  EXPECT_FALSE(flush.empty());
  EXPECT_FALSE(batcher.pending());
}

}  // namespace
}  // namespace streamit::hub
