// The heartbeat schedule (gateway/heartbeat.h) with a hand-driven clock: half-interval ticks, a
// ping every interval, the silent-peer rule (1.5 intervals → 1011, so within 2 intervals).

#include "gateway/heartbeat.h"

#include <gtest/gtest.h>

namespace streamit::gateway {
namespace {

constexpr std::int64_t kInterval = 1000;
constexpr std::int64_t kStart = 50'000;

TEST(HeartbeatSchedule, TicksEveryHalfIntervalAndPingsEveryInterval) {
  HeartbeatSchedule h(kInterval);
  h.start(kStart);
  EXPECT_EQ(h.nextTickMs(), kStart + kInterval / 2);
  EXPECT_FALSE(h.tick(kStart + kInterval / 2 - 1).due);

  auto t = h.tick(kStart + kInterval / 2);
  EXPECT_TRUE(t.due);
  EXPECT_FALSE(t.ping) << "first ping one interval after start";
  EXPECT_EQ(h.nextTickMs(), kStart + kInterval);

  t = h.tick(kStart + kInterval);
  EXPECT_TRUE(t.due);
  EXPECT_TRUE(t.ping);
  t = h.tick(kStart + kInterval + kInterval / 2);
  EXPECT_TRUE(t.due);
  EXPECT_FALSE(t.ping);
  t = h.tick(kStart + 2 * kInterval);
  EXPECT_TRUE(t.ping);
}

TEST(HeartbeatSchedule, ALateWakeUpReschedulesFromNow) {
  HeartbeatSchedule h(kInterval);
  h.start(kStart);
  const auto t = h.tick(kStart + 3 * kInterval);  // the loop was busy
  EXPECT_TRUE(t.due);
  EXPECT_TRUE(t.ping) << "one ping, not one per missed interval";
  EXPECT_EQ(h.nextTickMs(), kStart + 3 * kInterval + kInterval / 2);
  EXPECT_FALSE(h.tick(kStart + 3 * kInterval + 1).due);
}

TEST(HeartbeatSchedule, SilentAfterOneAndAHalfIntervals) {
  HeartbeatSchedule h(kInterval);
  EXPECT_EQ(h.silentLimitMs(), 1500);
  EXPECT_FALSE(h.isSilent(kStart + 1499, kStart));
  EXPECT_TRUE(h.isSilent(kStart + 1500, kStart));
}

TEST(HeartbeatSchedule, ADeadPeerIsCaughtWithinTwoIntervalsOfItsLastByte) {
  // Whatever the phase of the last byte relative to the ticks, the first tick that sees the
  // peer as silent comes before 2 intervals (TEST-PLAN T10).
  for (std::int64_t lastSeen = kStart; lastSeen < kStart + kInterval; lastSeen += 37) {
    HeartbeatSchedule h(kInterval);
    h.start(kStart);
    std::int64_t caughtAt = -1;
    for (std::int64_t now = kStart; now <= kStart + 5 * kInterval && caughtAt < 0; ++now) {
      if (h.tick(now).due && now >= lastSeen && h.isSilent(now, lastSeen))
        caughtAt = now;
    }
    ASSERT_GE(caughtAt, 0);
    EXPECT_GE(caughtAt - lastSeen, h.silentLimitMs());
    EXPECT_LE(caughtAt - lastSeen, 2 * kInterval) << "last byte at +" << lastSeen - kStart;
  }
}

TEST(HeartbeatSchedule, ALivePeerAnsweringEveryPingIsNeverSilent) {
  HeartbeatSchedule h(kInterval);
  h.start(kStart);
  std::int64_t lastSeen = kStart;
  constexpr std::int64_t kRttMs = 300;  // a slow but live peer
  std::int64_t pongAt = -1;
  for (std::int64_t now = kStart; now <= kStart + 20 * kInterval; ++now) {
    if (now == pongAt)
      lastSeen = now;
    const auto t = h.tick(now);
    if (!t.due)
      continue;
    ASSERT_FALSE(h.isSilent(now, lastSeen)) << "at +" << now - kStart;
    if (t.ping)
      pongAt = now + kRttMs;
  }
}

TEST(HeartbeatSchedule, DisabledNeverTicks) {
  for (const std::int64_t interval : {std::int64_t{0}, std::int64_t{-5}}) {
    HeartbeatSchedule h(interval);
    h.start(kStart);
    EXPECT_FALSE(h.enabled());
    EXPECT_FALSE(h.tick(kStart + 1'000'000).due);
  }
}

TEST(HeartbeatSchedule, ATinyIntervalStillAdvancesTheClock) {
  HeartbeatSchedule h(1);  // interval / 2 == 0: the next tick must still be in the future
  h.start(kStart);
  ASSERT_TRUE(h.tick(kStart).due);
  EXPECT_EQ(h.nextTickMs(), kStart + 1);
}

}  // namespace
}  // namespace streamit::gateway
