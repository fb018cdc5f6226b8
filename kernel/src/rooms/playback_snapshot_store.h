#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace streamit::rooms {

struct PlaybackSnapshot {
  std::int64_t epoch = 1;
  std::string json;
};

// Where the playback engine keeps the last durable copy of a room's playback state, so it can
// rebuild it under a new epoch when the realtime store lost it. Implemented by RoomRepository;
// thread-safe; calls block on the database and throw DatabaseUnavailable / QueryError.
class PlaybackSnapshotStore {
 public:
  virtual ~PlaybackSnapshotStore() = default;
  // False when the room does not exist (any more).
  virtual bool savePlaybackSnapshot(const std::string& code, std::int64_t epoch,
                                    const std::string& json) = 0;
  // nullopt when the room does not exist or no snapshot was saved yet.
  virtual std::optional<PlaybackSnapshot> loadPlaybackSnapshot(const std::string& code) = 0;
};

}  // namespace streamit::rooms
