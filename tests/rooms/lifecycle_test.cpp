#include "rooms/lifecycle.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "rooms/close_codes.h"

namespace streamit::rooms {
namespace {

using Outcome = TransitionOutcome;

constexpr std::int64_t kT0 = 1'000'000;
const LifecyclePolicy kPolicy{/*grace_period_s=*/60, /*unclaimed_timeout_s=*/600,
                              /*retention_s=*/86400};

constexpr std::int64_t kUnclaimedDeadline = kT0 + 600'000;
constexpr std::int64_t kLiveAt = kT0 + 1'000;
constexpr std::int64_t kGraceAt = kT0 + 2'000;
constexpr std::int64_t kGraceDeadline = kGraceAt + 60'000;
constexpr std::int64_t kRetentionEnd = kGraceDeadline + 86'400'000;

constexpr std::array kAllEvents = {
    LifecycleEvent::kHostConnected,   LifecycleEvent::kHostDisconnected,
    LifecycleEvent::kHeartbeatMissed, LifecycleEvent::kDeadlinePassed,
    LifecycleEvent::kHostDeleted,     LifecycleEvent::kRetentionPassed};

Transition mustApply(const RoomLifecycle& current, LifecycleEvent event, std::int64_t now) {
  Transition t = apply(current, event, now, kPolicy);
  EXPECT_EQ(t.outcome, Outcome::kApplied) << toString(event) << " in " << toString(current.state);
  return t;
}

RoomLifecycle created() {
  return makeRoomLifecycle(kT0);
}
RoomLifecycle live() {
  return mustApply(created(), LifecycleEvent::kHostConnected, kLiveAt).next;
}
RoomLifecycle grace() {
  return mustApply(live(), LifecycleEvent::kHostDisconnected, kGraceAt).next;
}
RoomLifecycle expired() {
  return mustApply(grace(), LifecycleEvent::kDeadlinePassed, kGraceDeadline).next;
}
RoomLifecycle deleted() {
  return mustApply(live(), LifecycleEvent::kHostDeleted, kGraceAt).next;
}

RoomLifecycle stateFixture(RoomState state) {
  switch (state) {
    case RoomState::kCreated:
      return created();
    case RoomState::kLive:
      return live();
    case RoomState::kGrace:
      return grace();
    case RoomState::kExpired:
      return expired();
    case RoomState::kDeleted:
      return deleted();
  }
  return created();
}

// "Early" is before the state's pending deadline, "due" is exactly at it.
std::int64_t timeFor(RoomState state, bool due) {
  switch (state) {
    case RoomState::kCreated:
      return due ? kUnclaimedDeadline : kT0 + 5'000;
    case RoomState::kGrace:
      return due ? kGraceDeadline : kGraceAt + 1'000;
    case RoomState::kExpired:
      return due ? kRetentionEnd : kGraceDeadline + 1'000;
    case RoomState::kLive:
    case RoomState::kDeleted:
      return due ? kRetentionEnd * 2 : kGraceAt + 1'000;
  }
  return 0;
}

struct Row {
  RoomState from;
  LifecycleEvent event;
  bool due;
  Outcome outcome;
  RoomState to;
};

using S = RoomState;
using E = LifecycleEvent;
constexpr Outcome A = Outcome::kApplied;
constexpr Outcome I = Outcome::kIgnored;
constexpr Outcome R = Outcome::kRejected;

// Every state × event × {early, due}: the table in lifecycle.h, spelled out.
const std::vector<Row> kTable = {
    {S::kCreated, E::kHostConnected, false, A, S::kLive},
    {S::kCreated, E::kHostConnected, true, R, S::kCreated},
    {S::kCreated, E::kHostDisconnected, false, R, S::kCreated},
    {S::kCreated, E::kHostDisconnected, true, R, S::kCreated},
    {S::kCreated, E::kHeartbeatMissed, false, R, S::kCreated},
    {S::kCreated, E::kHeartbeatMissed, true, R, S::kCreated},
    {S::kCreated, E::kDeadlinePassed, false, I, S::kCreated},
    {S::kCreated, E::kDeadlinePassed, true, A, S::kExpired},
    {S::kCreated, E::kHostDeleted, false, A, S::kDeleted},
    {S::kCreated, E::kHostDeleted, true, A, S::kDeleted},
    {S::kCreated, E::kRetentionPassed, false, R, S::kCreated},
    {S::kCreated, E::kRetentionPassed, true, R, S::kCreated},

    {S::kLive, E::kHostConnected, false, I, S::kLive},
    {S::kLive, E::kHostConnected, true, I, S::kLive},
    {S::kLive, E::kHostDisconnected, false, A, S::kGrace},
    {S::kLive, E::kHostDisconnected, true, A, S::kGrace},
    {S::kLive, E::kHeartbeatMissed, false, A, S::kGrace},
    {S::kLive, E::kHeartbeatMissed, true, A, S::kGrace},
    {S::kLive, E::kDeadlinePassed, false, I, S::kLive},
    {S::kLive, E::kDeadlinePassed, true, I, S::kLive},
    {S::kLive, E::kHostDeleted, false, A, S::kDeleted},
    {S::kLive, E::kHostDeleted, true, A, S::kDeleted},
    {S::kLive, E::kRetentionPassed, false, R, S::kLive},
    {S::kLive, E::kRetentionPassed, true, R, S::kLive},

    {S::kGrace, E::kHostConnected, false, A, S::kLive},
    {S::kGrace, E::kHostConnected, true, R, S::kGrace},
    {S::kGrace, E::kHostDisconnected, false, I, S::kGrace},
    {S::kGrace, E::kHostDisconnected, true, I, S::kGrace},
    {S::kGrace, E::kHeartbeatMissed, false, I, S::kGrace},
    {S::kGrace, E::kHeartbeatMissed, true, I, S::kGrace},
    {S::kGrace, E::kDeadlinePassed, false, I, S::kGrace},
    {S::kGrace, E::kDeadlinePassed, true, A, S::kExpired},
    {S::kGrace, E::kHostDeleted, false, A, S::kDeleted},
    {S::kGrace, E::kHostDeleted, true, A, S::kDeleted},
    {S::kGrace, E::kRetentionPassed, false, R, S::kGrace},
    {S::kGrace, E::kRetentionPassed, true, R, S::kGrace},

    {S::kExpired, E::kHostConnected, false, R, S::kExpired},
    {S::kExpired, E::kHostConnected, true, R, S::kExpired},
    {S::kExpired, E::kHostDisconnected, false, I, S::kExpired},
    {S::kExpired, E::kHostDisconnected, true, I, S::kExpired},
    {S::kExpired, E::kHeartbeatMissed, false, I, S::kExpired},
    {S::kExpired, E::kHeartbeatMissed, true, I, S::kExpired},
    {S::kExpired, E::kDeadlinePassed, false, I, S::kExpired},
    {S::kExpired, E::kDeadlinePassed, true, I, S::kExpired},
    {S::kExpired, E::kHostDeleted, false, A, S::kDeleted},
    {S::kExpired, E::kHostDeleted, true, A, S::kDeleted},
    {S::kExpired, E::kRetentionPassed, false, I, S::kExpired},
    {S::kExpired, E::kRetentionPassed, true, A, S::kDeleted},

    {S::kDeleted, E::kHostConnected, false, R, S::kDeleted},
    {S::kDeleted, E::kHostConnected, true, R, S::kDeleted},
    {S::kDeleted, E::kHostDisconnected, false, I, S::kDeleted},
    {S::kDeleted, E::kHostDisconnected, true, I, S::kDeleted},
    {S::kDeleted, E::kHeartbeatMissed, false, I, S::kDeleted},
    {S::kDeleted, E::kHeartbeatMissed, true, I, S::kDeleted},
    {S::kDeleted, E::kDeadlinePassed, false, I, S::kDeleted},
    {S::kDeleted, E::kDeadlinePassed, true, I, S::kDeleted},
    {S::kDeleted, E::kHostDeleted, false, I, S::kDeleted},
    {S::kDeleted, E::kHostDeleted, true, I, S::kDeleted},
    {S::kDeleted, E::kRetentionPassed, false, I, S::kDeleted},
    {S::kDeleted, E::kRetentionPassed, true, I, S::kDeleted},
};

template <typename T>
bool hasEffect(const Transition& t) {
  return std::any_of(t.effects.begin(), t.effects.end(),
                     [](const LifecycleEffect& e) { return std::holds_alternative<T>(e); });
}

template <typename T>
std::optional<T> findEffect(const Transition& t) {
  for (const LifecycleEffect& e : t.effects) {
    if (const T* found = std::get_if<T>(&e)) {
      return *found;
    }
  }
  return std::nullopt;
}

TEST(LifecycleTable, CoversEveryStateAndEvent) {
  EXPECT_EQ(kTable.size(), 5u * kAllEvents.size() * 2u);
  for (const S state : {S::kCreated, S::kLive, S::kGrace, S::kExpired, S::kDeleted}) {
    for (const E event : kAllEvents) {
      for (const bool due : {false, true}) {
        const bool listed = std::any_of(kTable.begin(), kTable.end(), [&](const Row& row) {
          return row.from == state && row.event == event && row.due == due;
        });
        EXPECT_TRUE(listed) << toString(state) << " " << toString(event) << " " << due;
      }
    }
  }
}

TEST(LifecycleTable, EveryTransitionMatchesTheTable) {
  for (const Row& row : kTable) {
    SCOPED_TRACE(std::string(toString(row.from)) + " + " + std::string(toString(row.event)) +
                 (row.due ? " (due)" : " (early)"));
    const RoomLifecycle current = stateFixture(row.from);
    ASSERT_EQ(current.state, row.from);
    const std::int64_t now = timeFor(row.from, row.due);
    const Transition t = apply(current, row.event, now, kPolicy);
    EXPECT_EQ(t.outcome, row.outcome);
    EXPECT_EQ(t.next.state, row.to);

    if (t.outcome == Outcome::kApplied) {
      EXPECT_EQ(t.next.version, current.version + 1);
      ASSERT_FALSE(t.effects.empty());
      // Persist comes first: the caller CASes the record and runs the rest only if it won.
      EXPECT_TRUE(std::holds_alternative<PersistRecord>(t.effects.front()));
      EXPECT_TRUE(t.reason.empty());
      EXPECT_EQ(t.next.grace_deadline_ms.has_value(), t.next.state == S::kGrace);
      // Re-delivery of the same event is never applied twice.
      const Transition again = apply(t.next, row.event, now, kPolicy);
      EXPECT_NE(again.outcome, Outcome::kApplied);
      EXPECT_TRUE(again.effects.empty());
    } else {
      EXPECT_EQ(t.next, current);
      EXPECT_TRUE(t.effects.empty());
      EXPECT_EQ(t.reason.empty(), t.outcome == Outcome::kIgnored);
    }
    // Members are only ever closed when the room ends.
    if (t.next.state == S::kLive || t.next.state == S::kGrace || t.next.state == S::kCreated) {
      EXPECT_FALSE(hasEffect<CloseMembers>(t));
      EXPECT_FALSE(hasEffect<DeleteRealtimeKeys>(t));
    }
  }
}

TEST(Lifecycle, NewRoomIsCreatedAtVersionOne) {
  const RoomLifecycle room = makeRoomLifecycle(kT0);
  EXPECT_EQ(room.state, S::kCreated);
  EXPECT_EQ(room.version, 1u);
  EXPECT_EQ(room.created_ms, kT0);
  EXPECT_FALSE(room.grace_deadline_ms);
  EXPECT_FALSE(room.expired_ms);
}

TEST(Lifecycle, HostLossStartsGraceWithDeadlineAndNoClose) {
  for (const E loss : {E::kHostDisconnected, E::kHeartbeatMissed}) {
    const Transition t = mustApply(live(), loss, kGraceAt);
    EXPECT_EQ(t.next.grace_deadline_ms, kGraceDeadline);
    EXPECT_EQ(findEffect<BroadcastRoomState>(t), (BroadcastRoomState{S::kGrace, kGraceDeadline}));
    EXPECT_EQ(findEffect<ScheduleDeadline>(t), ScheduleDeadline{kGraceDeadline});
    EXPECT_FALSE(hasEffect<CloseMembers>(t));
    EXPECT_EQ(nextDeadlineMs(t.next, kPolicy), kGraceDeadline);
  }
}

TEST(Lifecycle, GracePeriodComesFromPolicy) {
  LifecyclePolicy policy = kPolicy;
  policy.grace_period_s = 5;
  const Transition t = apply(live(), E::kHostDisconnected, kGraceAt, policy);
  EXPECT_EQ(t.next.grace_deadline_ms, kGraceAt + 5'000);
}

TEST(Lifecycle, SecondLossSignalDoesNotExtendTheDeadline) {
  const RoomLifecycle room = grace();
  const Transition t = apply(room, E::kHeartbeatMissed, kGraceDeadline - 1, kPolicy);
  EXPECT_EQ(t.outcome, Outcome::kIgnored);
  EXPECT_EQ(t.next.grace_deadline_ms, kGraceDeadline);
}

TEST(Lifecycle, HostReturnBeforeDeadlineGoesLiveAndClearsDeadline) {
  const Transition t = mustApply(grace(), E::kHostConnected, kGraceDeadline - 1);
  EXPECT_EQ(t.next.state, S::kLive);
  EXPECT_FALSE(t.next.grace_deadline_ms);
  EXPECT_EQ(findEffect<BroadcastRoomState>(t), (BroadcastRoomState{S::kLive, std::nullopt}));
  EXPECT_EQ(nextDeadlineMs(t.next, kPolicy), std::nullopt);
}

TEST(Lifecycle, ExpiryClosesMembersAndDeletesKeys) {
  const Transition t = mustApply(grace(), E::kDeadlinePassed, kGraceDeadline + 250);
  EXPECT_EQ(t.next.state, S::kExpired);
  // Retention counts from the deadline, not from sweeper lag, so racing nodes agree.
  EXPECT_EQ(t.next.expired_ms, kGraceDeadline);
  EXPECT_EQ(findEffect<BroadcastRoomState>(t), (BroadcastRoomState{S::kExpired, std::nullopt}));
  EXPECT_EQ(findEffect<CloseMembers>(t)->code, kCloseRoomExpired);
  EXPECT_TRUE(hasEffect<DeleteRealtimeKeys>(t));
  EXPECT_EQ(findEffect<ScheduleDeadline>(t), ScheduleDeadline{kRetentionEnd});
}

TEST(Lifecycle, HostDeleteClosesWithRoomDeletedCode) {
  for (const S from : {S::kCreated, S::kLive, S::kGrace}) {
    const Transition t = mustApply(stateFixture(from), E::kHostDeleted, kGraceAt + 10);
    EXPECT_EQ(t.next.state, S::kDeleted);
    EXPECT_EQ(findEffect<BroadcastRoomState>(t), (BroadcastRoomState{S::kDeleted, std::nullopt}));
    EXPECT_EQ(findEffect<CloseMembers>(t)->code, kCloseRoomDeleted);
    EXPECT_TRUE(hasEffect<DeleteRealtimeKeys>(t));
    // Duplicate delete: no second broadcast or close.
    const Transition again = apply(t.next, E::kHostDeleted, kGraceAt + 20, kPolicy);
    EXPECT_EQ(again.outcome, Outcome::kIgnored);
    EXPECT_TRUE(again.effects.empty());
  }
}

TEST(Lifecycle, DeletingAnExpiredRoomDoesNotCloseAgain) {
  const Transition t = mustApply(expired(), E::kHostDeleted, kGraceDeadline + 10);
  EXPECT_FALSE(hasEffect<CloseMembers>(t));
  EXPECT_FALSE(hasEffect<BroadcastRoomState>(t));
  EXPECT_TRUE(hasEffect<DeleteRealtimeKeys>(t));
}

TEST(Lifecycle, CloseCodesAreApplicationCodes) {
  for (const int code : {kCloseRoomDeleted, kCloseRoomExpired}) {
    EXPECT_GE(code, 4000);
    EXPECT_LE(code, 4999);
  }
  EXPECT_NE(kCloseRoomDeleted, kCloseRoomExpired);
}

TEST(Lifecycle, UnclaimedRoomExpiresOnItsOwnTimeout) {
  RoomLifecycle room = created();
  EXPECT_EQ(nextDeadlineMs(room, kPolicy), kUnclaimedDeadline);
  EXPECT_EQ(dueEvent(room, kUnclaimedDeadline - 1, kPolicy), std::nullopt);
  EXPECT_EQ(dueEvent(room, kUnclaimedDeadline, kPolicy), E::kDeadlinePassed);
  EXPECT_EQ(apply(room, E::kDeadlinePassed, kUnclaimedDeadline - 1, kPolicy).outcome,
            Outcome::kIgnored);
  const Transition t = mustApply(room, E::kDeadlinePassed, kUnclaimedDeadline);
  EXPECT_EQ(t.next.expired_ms, kUnclaimedDeadline);
  EXPECT_EQ(findEffect<CloseMembers>(t)->code, kCloseRoomExpired);
  // Independent of the grace period.
  LifecyclePolicy policy = kPolicy;
  policy.grace_period_s = 1;
  EXPECT_EQ(apply(room, E::kDeadlinePassed, kT0 + 2'000, policy).outcome, Outcome::kIgnored);
}

TEST(Lifecycle, RetentionDeletesExpiredRoom) {
  const RoomLifecycle room = expired();
  EXPECT_EQ(nextDeadlineMs(room, kPolicy), kRetentionEnd);
  EXPECT_EQ(dueEvent(room, kRetentionEnd - 1, kPolicy), std::nullopt);
  EXPECT_EQ(dueEvent(room, kRetentionEnd, kPolicy), E::kRetentionPassed);
  EXPECT_EQ(apply(room, E::kRetentionPassed, kRetentionEnd - 1, kPolicy).outcome,
            Outcome::kIgnored);
  const Transition t = mustApply(room, E::kRetentionPassed, kRetentionEnd);
  EXPECT_EQ(t.next.state, S::kDeleted);
  EXPECT_EQ(nextDeadlineMs(t.next, kPolicy), std::nullopt);
  EXPECT_EQ(dueEvent(t.next, kRetentionEnd * 2, kPolicy), std::nullopt);
}

TEST(Lifecycle, LiveRoomHasNoDeadline) {
  EXPECT_EQ(nextDeadlineMs(live(), kPolicy), std::nullopt);
  EXPECT_EQ(dueEvent(live(), kRetentionEnd * 2, kPolicy), std::nullopt);
}

TEST(Lifecycle, FullLifeBumpsVersionOnEveryStep) {
  RoomLifecycle room = created();
  std::uint64_t version = room.version;
  const std::vector<std::pair<E, std::int64_t>> steps = {
      {E::kHostConnected, kT0 + 1},
      {E::kHeartbeatMissed, kT0 + 10},
      {E::kHostConnected, kT0 + 20},
      {E::kHostDisconnected, kT0 + 30},
      {E::kDeadlinePassed, kT0 + 30 + 60'000},
      {E::kRetentionPassed, kT0 + 30 + 60'000 + 86'400'000}};
  for (const auto& [event, now] : steps) {
    room = mustApply(room, event, now).next;
    EXPECT_EQ(room.version, ++version);
  }
  EXPECT_EQ(room.state, S::kDeleted);
}

TEST(Lifecycle, StateNamesRoundTrip) {
  for (const S state : {S::kCreated, S::kLive, S::kGrace, S::kExpired, S::kDeleted}) {
    EXPECT_EQ(parseRoomState(toString(state)), state);
  }
  EXPECT_EQ(parseRoomState("live"), std::nullopt);
  EXPECT_EQ(parseRoomState(""), std::nullopt);
}

TEST(LifecycleProperty, RandomEventSequencesKeepTheInvariants) {
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    RoomLifecycle room = makeRoomLifecycle(kT0);
    std::int64_t now = kT0;
    int expiredEffects = 0;
    int deletedEffects = 0;
    for (int step = 0; step < 200; ++step) {
      // Mostly small steps, sometimes a jump past any deadline.
      now += rng() % 8 == 0 ? std::int64_t{90'000'000} : static_cast<std::int64_t>(rng() % 30'000);
      const E event = kAllEvents[rng() % kAllEvents.size()];
      const Transition t = apply(room, event, now, kPolicy);
      if (t.outcome == Outcome::kApplied) {
        ASSERT_EQ(t.next.version, room.version + 1);
        ASSERT_NE(t.next.state, room.state);
        // Terminal direction only: nothing leaves EXPIRED except to DELETED; nothing leaves
        // DELETED.
        ASSERT_NE(room.state, S::kDeleted);
        if (room.state == S::kExpired) {
          ASSERT_EQ(t.next.state, S::kDeleted);
        }
        if (t.next.state == S::kGrace) {
          ASSERT_TRUE(t.next.grace_deadline_ms.has_value());
          ASSERT_GT(*t.next.grace_deadline_ms, now - 1);
        }
      } else {
        ASSERT_EQ(t.next, room);
        ASSERT_TRUE(t.effects.empty());
      }
      if (const std::optional<CloseMembers> close = findEffect<CloseMembers>(t)) {
        (close->code == kCloseRoomExpired ? expiredEffects : deletedEffects) += 1;
      }
      // The sweeper's view agrees with apply(): a due event is always applied.
      if (const std::optional<E> due = dueEvent(t.next, now, kPolicy)) {
        ASSERT_EQ(apply(t.next, *due, now, kPolicy).outcome, Outcome::kApplied);
      }
      room = t.next;
    }
    ASSERT_LE(expiredEffects + deletedEffects, 1) << "members closed more than once";
  }
}

// A record store with compare-and-set on the version, as the Redis script / SQL UPDATE will do.
class FakeRecordStore {
 public:
  explicit FakeRecordStore(RoomLifecycle record) : record_(record) {}
  RoomLifecycle read() const { return record_; }
  bool compareAndSet(std::uint64_t expectedVersion, const RoomLifecycle& next) {
    if (record_.version != expectedVersion) {
      return false;
    }
    record_ = next;
    return true;
  }

 private:
  RoomLifecycle record_;
};

// What each node's sweeper does; returns the effects it ran.
std::vector<LifecycleEffect> sweep(FakeRecordStore& store, const RoomLifecycle& snapshot,
                                   std::int64_t now) {
  const std::optional<E> due = dueEvent(snapshot, now, kPolicy);
  if (!due) {
    return {};
  }
  const Transition t = apply(snapshot, *due, now, kPolicy);
  if (t.outcome != Outcome::kApplied || !store.compareAndSet(snapshot.version, t.next)) {
    return {};
  }
  return t.effects;
}

TEST(LifecycleCas, ExpiredFiresExactlyOnceAcrossNodes) {
  FakeRecordStore store(grace());
  // Both nodes read the same snapshot, then both sweep (at slightly different clocks).
  const RoomLifecycle snapshotA = store.read();
  const RoomLifecycle snapshotB = store.read();
  const std::vector<LifecycleEffect> a = sweep(store, snapshotA, kGraceDeadline + 3);
  const std::vector<LifecycleEffect> b = sweep(store, snapshotB, kGraceDeadline + 7);
  EXPECT_EQ(a.empty() + b.empty(), 1) << "exactly one node must win";
  EXPECT_EQ(store.read().state, S::kExpired);
  EXPECT_EQ(store.read().version, snapshotA.version + 1);
  // The loser re-reads and sees nothing left to do.
  EXPECT_TRUE(sweep(store, store.read(), kGraceDeadline + 9).empty());
}

TEST(LifecycleCas, HostReturnRacingTheSweeperHasOneWinner) {
  FakeRecordStore store(grace());
  const RoomLifecycle snapshot = store.read();
  // The host reconnects at the very last millisecond on node A...
  const Transition back = apply(snapshot, E::kHostConnected, kGraceDeadline - 1, kPolicy);
  ASSERT_EQ(back.outcome, Outcome::kApplied);
  EXPECT_TRUE(store.compareAndSet(snapshot.version, back.next));
  // ...while node B's sweeper works from the stale GRACE snapshot: its CAS must lose.
  EXPECT_TRUE(sweep(store, snapshot, kGraceDeadline).empty());
  EXPECT_EQ(store.read().state, S::kLive);
}

}  // namespace
}  // namespace streamit::rooms
