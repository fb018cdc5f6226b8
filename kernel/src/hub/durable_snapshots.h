#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "playback/playback_engine.h"

namespace streamit::rooms {
class PlaybackSnapshotStore;
}
namespace streamit::storage {
class WriteQueue;
}

// The playback engine's durable copy, kept in the rooms table. Saves go through the bounded
// write queue (the caller is a room strand and must not wait for the database) and are
// coalesced per room: while a save is queued, newer states replace its payload instead of
// queueing more jobs, so a host seeking ten times a second costs at most one pending write.
namespace streamit::hub {

class DurableSnapshots : public playback::PlaybackSnapshots {
 public:
  DurableSnapshots(rooms::PlaybackSnapshotStore& store, storage::WriteQueue& queue)
      : store_(store), queue_(queue) {}

  // Blocks on the database (only called when the realtime state is missing).
  std::optional<playback::PlaybackState> load(const std::string& code) override;
  void save(const std::string& code, const playback::PlaybackState& state) override;

 private:
  void writeLatest(const std::string& code);

  rooms::PlaybackSnapshotStore& store_;
  storage::WriteQueue& queue_;
  std::mutex mutex_;
  std::unordered_map<std::string, playback::PlaybackState> pending_;
};

}  // namespace streamit::hub
