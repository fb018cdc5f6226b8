#include "cluster/host_alive.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "ws/close_codes.h"

namespace streamit::cluster {
namespace {

using Sessions = std::map<std::string, std::string>;

TEST(HostAliveTest, SessionsOnADeadNodeAreGone) {
  const Sessions host{{"s1", "a"}, {"s2", "b"}, {"s3", "b"}};
  const std::set<std::string> alive{"a"};
  const auto dead =
      hostSessionsOnDeadNodes(host, "self", [&](const std::string& n) { return alive.count(n); });
  EXPECT_EQ(dead, (std::vector<std::string>{"s2", "s3"}));
}

TEST(HostAliveTest, LiveNodesKeepTheirSessions) {
  const Sessions host{{"s1", "a"}, {"s2", "b"}};
  EXPECT_TRUE(
      hostSessionsOnDeadNodes(host, "self", [](const std::string&) { return true; }).empty());
}

TEST(HostAliveTest, ThisNodesOwnSessionsAreNeverJudged) {
  // Its own closes arrive; its own beat may simply not have been written yet.
  const Sessions host{{"s1", "self"}};
  int asked = 0;
  const auto dead = hostSessionsOnDeadNodes(host, "self", [&](const std::string&) {
    ++asked;
    return false;
  });
  EXPECT_TRUE(dead.empty());
  EXPECT_EQ(asked, 0);
}

TEST(HostAliveTest, NoEntriesSayNothing) {
  // An empty hash may just mean the store lost it: never a reason to declare the host gone.
  EXPECT_TRUE(
      hostSessionsOnDeadNodes({}, "self", [](const std::string&) { return false; }).empty());
}

TEST(HostAliveTest, AServerSideCloseIsAMissedHeartbeat) {
  EXPECT_EQ(hostLeftEvent(ws::kCloseGoingAway), rooms::LifecycleEvent::kHeartbeatMissed);
  EXPECT_EQ(hostLeftEvent(ws::kCloseServerError), rooms::LifecycleEvent::kHeartbeatMissed);
  EXPECT_EQ(hostLeftEvent(1000), rooms::LifecycleEvent::kHostDisconnected);
  EXPECT_EQ(hostLeftEvent(1006), rooms::LifecycleEvent::kHostDisconnected);
}

}  // namespace
}  // namespace streamit::cluster
