#include "rooms/lifecycle.h"

#include <array>
#include <utility>

#include "rooms/close_codes.h"

namespace streamit::rooms {
namespace {

constexpr std::int64_t kMsPerSecond = 1000;

Transition ignored(const RoomLifecycle& current) {
  return Transition{TransitionOutcome::kIgnored, current, {}, {}};
}

Transition rejected(const RoomLifecycle& current, std::string reason) {
  return Transition{TransitionOutcome::kRejected, current, {}, std::move(reason)};
}

// Every applied transition goes through here so the version bump cannot be forgotten.
Transition applied(const RoomLifecycle& current, RoomLifecycle next,
                   std::vector<LifecycleEffect> effects) {
  next.version = current.version + 1;
  return Transition{TransitionOutcome::kApplied, next, std::move(effects), {}};
}

std::int64_t unclaimedDeadlineMs(const RoomLifecycle& lifecycle, const LifecyclePolicy& policy) {
  return lifecycle.created_ms + policy.unclaimed_timeout_s * kMsPerSecond;
}

std::int64_t retentionEndMs(const RoomLifecycle& lifecycle, const LifecyclePolicy& policy) {
  return lifecycle.expired_ms.value_or(lifecycle.created_ms) + policy.retention_s * kMsPerSecond;
}

Transition toLive(const RoomLifecycle& current) {
  RoomLifecycle next = current;
  next.state = RoomState::kLive;
  next.grace_deadline_ms.reset();
  return applied(current, next, {PersistRecord{}, BroadcastRoomState{RoomState::kLive, {}}});
}

Transition toGrace(const RoomLifecycle& current, std::int64_t nowMs,
                   const LifecyclePolicy& policy) {
  RoomLifecycle next = current;
  next.state = RoomState::kGrace;
  next.grace_deadline_ms = nowMs + policy.grace_period_s * kMsPerSecond;
  // No CloseMembers: viewers keep watching and chatting while the host comes back.
  return applied(current, next,
                 {PersistRecord{}, BroadcastRoomState{RoomState::kGrace, next.grace_deadline_ms},
                  ScheduleDeadline{*next.grace_deadline_ms}});
}

// `deadlineMs` (not now) becomes expired_ms so that every node racing on the same snapshot
// computes the identical record and retention does not depend on sweeper lag.
Transition toExpired(const RoomLifecycle& current, std::int64_t deadlineMs,
                     const LifecyclePolicy& policy) {
  RoomLifecycle next = current;
  next.state = RoomState::kExpired;
  next.grace_deadline_ms.reset();
  next.expired_ms = deadlineMs;
  return applied(current, next,
                 {PersistRecord{}, BroadcastRoomState{RoomState::kExpired, {}},
                  CloseMembers{kCloseRoomExpired, "room expired"}, DeleteRealtimeKeys{},
                  ScheduleDeadline{retentionEndMs(next, policy)}});
}

Transition toDeleted(const RoomLifecycle& current) {
  RoomLifecycle next = current;
  next.state = RoomState::kDeleted;
  next.grace_deadline_ms.reset();
  if (current.state == RoomState::kExpired) {
    // Members were already closed and told at expiry; only the leftovers go.
    return applied(current, next, {PersistRecord{}, DeleteRealtimeKeys{}});
  }
  return applied(current, next,
                 {PersistRecord{}, BroadcastRoomState{RoomState::kDeleted, {}},
                  CloseMembers{kCloseRoomDeleted, "room deleted"}, DeleteRealtimeKeys{}});
}

Transition applyCreated(const RoomLifecycle& current, LifecycleEvent event, std::int64_t nowMs,
                        const LifecyclePolicy& policy) {
  const std::int64_t deadline = unclaimedDeadlineMs(current, policy);
  switch (event) {
    case LifecycleEvent::kHostConnected:
      // Past the unclaimed timeout the room is logically gone; the sweeper will expire it.
      if (nowMs >= deadline) {
        return rejected(current, "room expired");
      }
      return toLive(current);
    case LifecycleEvent::kHostDisconnected:
    case LifecycleEvent::kHeartbeatMissed:
      return rejected(current, "host never connected");
    case LifecycleEvent::kDeadlinePassed:
      return nowMs >= deadline ? toExpired(current, deadline, policy) : ignored(current);
    case LifecycleEvent::kHostDeleted:
      return toDeleted(current);
    case LifecycleEvent::kRetentionPassed:
      return rejected(current, "room is not expired");
  }
  return rejected(current, "unknown event");
}

Transition applyLive(const RoomLifecycle& current, LifecycleEvent event, std::int64_t nowMs,
                     const LifecyclePolicy& policy) {
  switch (event) {
    case LifecycleEvent::kHostConnected:
      return ignored(current);
    case LifecycleEvent::kHostDisconnected:
    case LifecycleEvent::kHeartbeatMissed:
      return toGrace(current, nowMs, policy);
    case LifecycleEvent::kDeadlinePassed:
      return ignored(current);
    case LifecycleEvent::kHostDeleted:
      return toDeleted(current);
    case LifecycleEvent::kRetentionPassed:
      return rejected(current, "room is not expired");
  }
  return rejected(current, "unknown event");
}

Transition applyGrace(const RoomLifecycle& current, LifecycleEvent event, std::int64_t nowMs,
                      const LifecyclePolicy& policy) {
  // A GRACE record always has a deadline; treat a corrupt one as already due rather than
  // leaving a ghost room that never expires.
  const std::int64_t deadline = current.grace_deadline_ms.value_or(nowMs);
  switch (event) {
    case LifecycleEvent::kHostConnected:
      if (nowMs >= deadline) {
        return rejected(current, "room expired");
      }
      return toLive(current);
    case LifecycleEvent::kHostDisconnected:
    case LifecycleEvent::kHeartbeatMissed:
      // Re-delivery (or a second signal for the same loss) must not push the deadline out.
      return ignored(current);
    case LifecycleEvent::kDeadlinePassed:
      return nowMs >= deadline ? toExpired(current, deadline, policy) : ignored(current);
    case LifecycleEvent::kHostDeleted:
      return toDeleted(current);
    case LifecycleEvent::kRetentionPassed:
      return rejected(current, "room is not expired");
  }
  return rejected(current, "unknown event");
}

Transition applyExpired(const RoomLifecycle& current, LifecycleEvent event, std::int64_t nowMs,
                        const LifecyclePolicy& policy) {
  switch (event) {
    case LifecycleEvent::kHostConnected:
      return rejected(current, "room expired");
    case LifecycleEvent::kHostDisconnected:
    case LifecycleEvent::kHeartbeatMissed:
    case LifecycleEvent::kDeadlinePassed:
      return ignored(current);
    case LifecycleEvent::kHostDeleted:
      return toDeleted(current);
    case LifecycleEvent::kRetentionPassed:
      return nowMs >= retentionEndMs(current, policy) ? toDeleted(current) : ignored(current);
  }
  return rejected(current, "unknown event");
}

Transition applyDeleted(const RoomLifecycle& current, LifecycleEvent event) {
  if (event == LifecycleEvent::kHostConnected) {
    return rejected(current, "room deleted");
  }
  return ignored(current);
}

}  // namespace

std::string_view toString(RoomState state) {
  switch (state) {
    case RoomState::kCreated:
      return "CREATED";
    case RoomState::kLive:
      return "LIVE";
    case RoomState::kGrace:
      return "GRACE";
    case RoomState::kExpired:
      return "EXPIRED";
    case RoomState::kDeleted:
      return "DELETED";
  }
  return "UNKNOWN";
}

std::optional<RoomState> parseRoomState(std::string_view text) {
  constexpr std::array kAll = {RoomState::kCreated, RoomState::kLive, RoomState::kGrace,
                               RoomState::kExpired, RoomState::kDeleted};
  for (const RoomState state : kAll) {
    if (toString(state) == text) {
      return state;
    }
  }
  return std::nullopt;
}

std::string_view toString(LifecycleEvent event) {
  switch (event) {
    case LifecycleEvent::kHostConnected:
      return "HostConnected";
    case LifecycleEvent::kHostDisconnected:
      return "HostDisconnected";
    case LifecycleEvent::kHeartbeatMissed:
      return "HeartbeatMissed";
    case LifecycleEvent::kDeadlinePassed:
      return "DeadlinePassed";
    case LifecycleEvent::kHostDeleted:
      return "HostDeleted";
    case LifecycleEvent::kRetentionPassed:
      return "RetentionPassed";
  }
  return "Unknown";
}

RoomLifecycle makeRoomLifecycle(std::int64_t nowMs) {
  RoomLifecycle lifecycle;
  lifecycle.created_ms = nowMs;
  return lifecycle;
}

Transition apply(const RoomLifecycle& current, LifecycleEvent event, std::int64_t nowMs,
                 const LifecyclePolicy& policy) {
  switch (current.state) {
    case RoomState::kCreated:
      return applyCreated(current, event, nowMs, policy);
    case RoomState::kLive:
      return applyLive(current, event, nowMs, policy);
    case RoomState::kGrace:
      return applyGrace(current, event, nowMs, policy);
    case RoomState::kExpired:
      return applyExpired(current, event, nowMs, policy);
    case RoomState::kDeleted:
      return applyDeleted(current, event);
  }
  return rejected(current, "unknown state");
}

std::optional<std::int64_t> nextDeadlineMs(const RoomLifecycle& lifecycle,
                                           const LifecyclePolicy& policy) {
  switch (lifecycle.state) {
    case RoomState::kCreated:
      return unclaimedDeadlineMs(lifecycle, policy);
    case RoomState::kGrace:
      // Same fallback as applyGrace: a corrupt record is due immediately.
      return lifecycle.grace_deadline_ms.value_or(lifecycle.created_ms);
    case RoomState::kExpired:
      return retentionEndMs(lifecycle, policy);
    case RoomState::kLive:
    case RoomState::kDeleted:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<LifecycleEvent> dueEvent(const RoomLifecycle& lifecycle, std::int64_t nowMs,
                                       const LifecyclePolicy& policy) {
  const std::optional<std::int64_t> deadline = nextDeadlineMs(lifecycle, policy);
  if (!deadline || nowMs < *deadline) {
    return std::nullopt;
  }
  return lifecycle.state == RoomState::kExpired ? LifecycleEvent::kRetentionPassed
                                                : LifecycleEvent::kDeadlinePassed;
}

}  // namespace streamit::rooms
