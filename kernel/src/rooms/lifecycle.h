#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// The room lifecycle CREATED → LIVE ⇄ GRACE → EXPIRED → DELETED as a pure transition function.
// No clock, store or socket is touched here: the caller passes `now`, persists the returned
// record with a compare-and-set on the PREVIOUS version, and runs the effects only when its CAS
// won. Because every applied transition bumps `version`, two nodes racing on the same snapshot
// (e.g. two sweepers firing DeadlinePassed) produce the same next version and only one CAS can
// win, so EXPIRED and its effects happen exactly once across nodes.
//
// Event table. "→ X": applied (version+1, effects); "=": ignored (no change, no effects);
// "✗": rejected. "due" means now ≥ the state's deadline (unclaimed timeout from creation,
// grace deadline, or expired_ms + retention).
//
// clang-format off
// | state   | HostConnected   | HostDisconnected,  | DeadlinePassed  | HostDeleted | Retention- |
// |         |                 | HeartbeatMissed    |                 |             | Passed     |
// |---------|-----------------|--------------------|-----------------|-------------|------------|
// | CREATED | → LIVE; ✗ if due| ✗ (never connected)| due: → EXPIRED  | → DELETED   | ✗          |
// | LIVE    | = (duplicate)   | → GRACE            | =               | → DELETED   | ✗          |
// | GRACE   | → LIVE; ✗ if due| = (no extension)   | due: → EXPIRED  | → DELETED   | ✗          |
// | EXPIRED | ✗               | = (close echoes)   | =               | → DELETED   | due: → DEL.|
// | DELETED | ✗               | =                  | =               | =           | =          |
// clang-format on
//
// "Ignored" covers idempotent re-delivery: applying the same event twice yields its effects
// once. Chat and viewers stay connected during GRACE: no close effect is ever emitted for it.
namespace streamit::rooms {

enum class RoomState { kCreated, kLive, kGrace, kExpired, kDeleted };

// "CREATED", "LIVE", "GRACE", "EXPIRED", "DELETED" (the wire and storage spelling).
std::string_view toString(RoomState state);
std::optional<RoomState> parseRoomState(std::string_view text);

enum class LifecycleEvent {
  kHostConnected,
  kHostDisconnected,
  kHeartbeatMissed,  // the host's connection stopped answering heartbeats
  kDeadlinePassed,   // sweeper tick: "check whether a deadline is due at now"
  kHostDeleted,      // the host asked to delete the room
  kRetentionPassed,  // sweeper tick for EXPIRED rooms
};
std::string_view toString(LifecycleEvent event);

// The `rooms:` policy; all durations in seconds like the config keys they come from.
struct LifecyclePolicy {
  std::int64_t grace_period_s = 60;
  // A room whose host never connects is expired this long after creation.
  std::int64_t unclaimed_timeout_s = 600;
  // How long an EXPIRED room record is kept (e.g. for "this room has ended" pages).
  std::int64_t retention_s = 86400;
};

// The durable part of a room's lifecycle; this is what the room record stores.
struct RoomLifecycle {
  RoomState state = RoomState::kCreated;
  // Bumped by every applied transition; the caller CASes on it.
  std::uint64_t version = 1;
  std::int64_t created_ms = 0;
  // Set only in GRACE.
  std::optional<std::int64_t> grace_deadline_ms;
  // Set from EXPIRED on; retention counts from here.
  std::optional<std::int64_t> expired_ms;

  bool operator==(const RoomLifecycle&) const = default;
};

// The record of a freshly created room.
RoomLifecycle makeRoomLifecycle(std::int64_t nowMs);

// --- Effects, in the order the caller must run them (after its CAS on the record won). ---

// Write the returned lifecycle to the room record, conditional on the previous version.
struct PersistRecord {
  bool operator==(const PersistRecord&) const = default;
};
// Send `room.state {state, grace_deadline_ms?}` to every member.
struct BroadcastRoomState {
  RoomState state = RoomState::kLive;
  std::optional<std::int64_t> grace_deadline_ms;
  bool operator==(const BroadcastRoomState&) const = default;
};
// Close every member's WebSocket with `code` (see close_codes.h).
struct CloseMembers {
  std::uint16_t code = 0;
  std::string reason;
  bool operator==(const CloseMembers&) const = default;
};
// Remove the room's realtime keys (state, participants, host status, chat).
struct DeleteRealtimeKeys {
  bool operator==(const DeleteRealtimeKeys&) const = default;
};
// Make sure the sweeper looks at this room again at `at_ms`.
struct ScheduleDeadline {
  std::int64_t at_ms = 0;
  bool operator==(const ScheduleDeadline&) const = default;
};

using LifecycleEffect = std::variant<PersistRecord, BroadcastRoomState, CloseMembers,
                                     DeleteRealtimeKeys, ScheduleDeadline>;

enum class TransitionOutcome {
  kApplied,   // `next` differs (version+1); run `effects` after the CAS
  kIgnored,   // nothing to do (duplicate event or deadline not yet due); `next` == current
  kRejected,  // the event is not valid in this state; `next` == current, see `reason`
};

struct Transition {
  TransitionOutcome outcome = TransitionOutcome::kIgnored;
  RoomLifecycle next;
  std::vector<LifecycleEffect> effects;
  // Why it was rejected (e.g. "room expired"); empty otherwise.
  std::string reason;
};

Transition apply(const RoomLifecycle& current, LifecycleEvent event, std::int64_t nowMs,
                 const LifecyclePolicy& policy);

// When the sweeper must look at this room next (grace deadline, unclaimed timeout or
// retention end), or nullopt when no time-driven transition is pending (LIVE, DELETED).
std::optional<std::int64_t> nextDeadlineMs(const RoomLifecycle& lifecycle,
                                           const LifecyclePolicy& policy);

// The event the sweeper should apply at `nowMs`, if one is due.
std::optional<LifecycleEvent> dueEvent(const RoomLifecycle& lifecycle, std::int64_t nowMs,
                                       const LifecyclePolicy& policy);

}  // namespace streamit::rooms
