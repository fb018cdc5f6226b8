// Group membership of one loop (gateway/groups.h), on Connection objects without sockets.

#include "gateway/groups.h"

#include <gtest/gtest.h>

namespace streamit::gateway {
namespace {

Connection makeConnection(ConnectionId id) {
  return Connection(id, /*socketFd=*/-1, std::make_unique<Session>(), 1024);
}

TEST(Groups, JoinIsIdempotentAndMembersAreFound) {
  Groups groups;
  auto a = makeConnection(1);
  auto b = makeConnection(2);
  EXPECT_EQ(groups.members("room"), nullptr);
  EXPECT_TRUE(groups.join(a, "room"));
  EXPECT_FALSE(groups.join(a, "room"));
  EXPECT_TRUE(groups.join(b, "room"));
  ASSERT_NE(groups.members("room"), nullptr);
  EXPECT_EQ(groups.members("room")->size(), 2u);
  ASSERT_TRUE(a.groups);
  EXPECT_EQ(a.groups->size(), 1u);
}

TEST(Groups, LeavingTheLastGroupFreesBothSides) {
  Groups groups;
  auto a = makeConnection(1);
  groups.join(a, "room");
  groups.leave(a, "other");  // not a member: nothing happens
  EXPECT_NE(groups.members("room"), nullptr);
  groups.leave(a, "room");
  EXPECT_EQ(groups.members("room"), nullptr);
  EXPECT_FALSE(a.groups) << "an idle connection holds no group list (memory budget)";
  EXPECT_TRUE(groups.empty());
}

TEST(Groups, LeaveAllRemovesTheConnectionEverywhereAndKeepsOthers) {
  Groups groups;
  auto a = makeConnection(1);
  auto b = makeConnection(2);
  groups.join(a, "x");
  groups.join(a, "y");
  groups.join(b, "y");
  groups.leaveAll(a);
  EXPECT_FALSE(a.groups);
  EXPECT_EQ(groups.members("x"), nullptr);
  ASSERT_NE(groups.members("y"), nullptr);
  EXPECT_EQ(groups.members("y")->count(&b), 1u);
  EXPECT_EQ(groups.members("y")->count(&a), 0u);
}

}  // namespace
}  // namespace streamit::gateway
