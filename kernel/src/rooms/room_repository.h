#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rooms/playback_snapshot_store.h"
#include "rooms/room_view.h"
#include "storage/database.h"

namespace streamit::rooms {

// The `rooms` table, and nothing else: no lifecycle rules, no caching. Every call runs on the
// calling thread and throws DatabaseUnavailable / QueryError (see storage/database.h).
// Thread-safe (each call takes its own pooled session).
class RoomRepository : public PlaybackSnapshotStore {
 public:
  // `db` must outlive the repository.
  explicit RoomRepository(storage::Database& db) : db_(db) {}

  // QueryError when the code is taken.
  void insert(const RoomView& room, std::optional<std::int64_t> deadlineMs);
  std::optional<RoomView> find(const std::string& code);

  // The compare-and-set that makes a lifecycle transition happen once: writes `next` only if
  // the stored version is still `expectedVersion`. True when this call won.
  bool updateLifecycle(const std::string& code, std::uint64_t expectedVersion,
                       const RoomLifecycle& next, std::optional<std::int64_t> deadlineMs,
                       std::int64_t updatedMs);
  // The same CAS for the final transition: deletes the row only at `expectedVersion`.
  bool removeIfVersion(const std::string& code, std::uint64_t expectedVersion);
  // Unconditional delete; true when a row went away.
  bool remove(const std::string& code);

  // Rooms whose deadline_ms ≤ nowMs, oldest deadline first, at most `limit`.
  std::vector<RoomView> due(std::int64_t nowMs, int limit);
  // LIVE rooms (public or not) after `afterCode`, in code order, at most `limit`: the hub's
  // orphan check pages through them.
  std::vector<RoomView> live(const std::string& afterCode, int limit);
  // Every LIVE public room (the public-list cache's source).
  std::vector<RoomView> publicLive();
  // One transaction; unknown codes are skipped.
  void updateViewerCounts(const std::map<std::string, std::int64_t>& counts);

  bool savePlaybackSnapshot(const std::string& code, std::int64_t epoch,
                            const std::string& json) override;
  std::optional<PlaybackSnapshot> loadPlaybackSnapshot(const std::string& code) override;

 private:
  storage::Database& db_;
};

}  // namespace streamit::rooms
