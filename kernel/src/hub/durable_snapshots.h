#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "playback/playback_engine.h"
#include "util/periodic_task.h"

namespace streamit::rooms {
class PlaybackSnapshotStore;
}
namespace streamit::storage {
class WriteQueue;
}

// The playback engine's durable copy, kept in the rooms table. Saves go through the bounded
// write queue (the caller is a room strand and must not wait for the database) and are
// throttled per room: at most one write per `interval`, always of the newest state, with a
// trailing write for the last change. A host seeking ten times a second therefore costs a few
// database writes per second, not one per command, and the fan-out of those commands does not
// compete with SQLite for the CPU. The price: a rebuild after a realtime-store loss may start
// from a state up to `interval` old — under a new epoch, so every client resyncs to it.
namespace streamit::hub {

class DurableSnapshots : public playback::PlaybackSnapshots {
 public:
  DurableSnapshots(rooms::PlaybackSnapshotStore& store, storage::WriteQueue& queue,
                   std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ~DurableSnapshots() override;
  DurableSnapshots(const DurableSnapshots&) = delete;
  DurableSnapshots& operator=(const DurableSnapshots&) = delete;

  // Blocks on the database (only called when the realtime state is missing).
  std::optional<playback::PlaybackState> load(const std::string& code) override;
  void save(const std::string& code, const playback::PlaybackState& state) override;

 private:
  using Clock = std::chrono::steady_clock;
  struct Pending {
    playback::PlaybackState state;
    bool queued = false;  // a write job for this room is in the queue or running
  };

  void enqueue(const std::string& code);
  void writeLatest(const std::string& code);
  // Queues the trailing write of every room whose interval has passed.
  void flushDue();

  rooms::PlaybackSnapshotStore& store_;
  storage::WriteQueue& queue_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::unordered_map<std::string, Pending> pending_;
  std::unordered_map<std::string, Clock::time_point> lastWrite_;
  util::PeriodicTask flusher_;  // last: started once everything it reads exists
};

}  // namespace streamit::hub
