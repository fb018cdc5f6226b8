#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "playback/commands.h"
#include "playback/playback_state.h"
#include "realtime/realtime_store.h"

// The store-backed side of playback (ARCHITECTURE.md §3.3): the pure applyCommand decides,
// this class makes the decision atomic across nodes with a compare-and-set on (epoch, version)
// and rebuilds a lost realtime state from the durable snapshot under a new epoch.
namespace streamit::playback {

// The durable copy of each room's playback state (implemented over the rooms table).
// Ownership: the caller's; it must outlive the engine. Thread safety: called from any thread.
class PlaybackSnapshots {
 public:
  virtual ~PlaybackSnapshots() = default;
  // The last saved state (with its epoch), nullopt when none was ever saved.
  virtual std::optional<PlaybackState> load(const std::string& code) = 0;
  // Write-behind: queues the save and returns; must not block on the database.
  virtual void save(const std::string& code, const PlaybackState& state) = 0;
};

// Neither the realtime state nor a snapshot exists: the room is unknown or fully gone.
class RoomStateMissing : public std::runtime_error {
 public:
  explicit RoomStateMissing(const std::string& code)
      : std::runtime_error("no playback state for room " + code) {}
};

struct EngineOptions {
  // Refreshed on every accepted command; an idle room's state lapses after this long.
  std::chrono::milliseconds state_ttl = std::chrono::hours(24);
  // Lost compare-and-set races re-applied before the command is refused as CONFLICT. A room
  // actor serializes commands per node, so races only come from other nodes.
  int max_cas_retries = 32;
};

struct LoadResult {
  PlaybackState state;
  std::string json;  // the stored bytes of `state`
  // The realtime state had been lost and was rebuilt from the snapshot under a new epoch:
  // the caller sends every member a full snapshot.
  bool rebuilt = false;
};

struct ApplyResult {
  CommandResult result;
  bool rebuilt = false;  // as LoadResult::rebuilt, for a rebuild that happened on the way
  std::string json;      // the stored bytes of result.state (written or last read)
};

// A room's state as this node last wrote or read it. Only a hint that saves apply() a read:
// the compare-and-set matches the stored bytes exactly, so a stale hint costs one retry and
// never decides an outcome (the store stays the one authority, ARCHITECTURE.md §3.3).
struct KnownState {
  PlaybackState state;
  std::string json;
};

// Thread-safe: any thread may call any method; the store serializes the writes.
class PlaybackEngine {
 public:
  PlaybackEngine(realtime::RealtimeStore& store, PlaybackSnapshots& snapshots,
                 EngineOptions options = {});

  // The initial state (epoch 1, version 0, paused at 0) for a new room, also saved as the
  // snapshot. When a state already exists (a retried creation) that state is returned as is.
  LoadResult initialize(const std::string& code);

  // The current state. A missing key (the realtime store lost it) is rebuilt from the
  // snapshot as epoch = snapshot.epoch + 1 with version 0 (versions restart per epoch, so
  // clients compare epochs first), stored only if still absent, and saved as the new
  // snapshot. Throws RoomStateMissing without key and snapshot, realtime::StoreUnavailable
  // when the store does not answer, PlaybackJsonError when the stored value is corrupt.
  LoadResult load(const std::string& code);

  // read (skipped when `known` is given) → applyCommand (pure; checks host and
  // expected_version) → compare-and-set on the stored bytes → on a lost race re-apply to the
  // state that won (bounded by max_cas_retries, then CONFLICT). Accepted states refresh the
  // TTL and are saved as snapshot; rejected ones change nothing and carry the current state —
  // always the stored one: a rejection computed on a hint is re-checked after a read.
  ApplyResult apply(const std::string& code, const PlaybackCommand& command, bool actorIsHost,
                    std::int64_t nowMs, std::int64_t leadMs, const KnownState* known = nullptr);

  void erase(const std::string& code);

 private:
  // {1} / {0, state} reply of playbackStateInit: nullopt when `json` was written, else the
  // state found.
  std::optional<LoadResult> storeIfAbsent(const std::string& code, const PlaybackState& state,
                                          const std::string& json);

  realtime::RealtimeStore& store_;
  PlaybackSnapshots& snapshots_;
  EngineOptions options_;
};

}  // namespace streamit::playback
