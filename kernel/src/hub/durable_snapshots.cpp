#include "hub/durable_snapshots.h"

#include <vector>

#include "log/logger.h"
#include "rooms/playback_snapshot_store.h"
#include "storage/write_queue.h"

namespace streamit::hub {

DurableSnapshots::DurableSnapshots(rooms::PlaybackSnapshotStore& store, storage::WriteQueue& queue,
                                   std::chrono::milliseconds interval)
    : store_(store),
      queue_(queue),
      interval_(interval),
      flusher_("hub.snapshot_flusher", interval / 2, [this] { flushDue(); }) {
  flusher_.start();
}

DurableSnapshots::~DurableSnapshots() {
  flusher_.stop();
}

std::optional<playback::PlaybackState> DurableSnapshots::load(const std::string& code) {
  {
    // A save still waiting for its turn is newer than the row.
    std::lock_guard lock(mutex_);
    if (const auto it = pending_.find(code); it != pending_.end())
      return it->second.state;
  }
  const auto snapshot = store_.loadPlaybackSnapshot(code);
  if (!snapshot)
    return std::nullopt;
  try {
    return playback::playbackStateFromJsonString(snapshot->json);
  } catch (const playback::PlaybackJsonError& e) {
    // A row this kernel cannot read is treated as no snapshot: the room restarts from the
    // initial state rather than refusing to load forever.
    log::Logger("hub").error("unreadable playback snapshot", {{"room", code}, {"error", e.what()}});
    return std::nullopt;
  }
}

void DurableSnapshots::save(const std::string& code, const playback::PlaybackState& state) {
  {
    std::lock_guard lock(mutex_);
    auto& pending = pending_[code];
    pending.state = state;
    if (pending.queued)
      return;  // the queued job reads the newest state when it runs
    const auto last = lastWrite_.find(code);
    if (last != lastWrite_.end() && Clock::now() - last->second < interval_)
      return;  // written recently: the flusher writes this one when the interval has passed
    pending.queued = true;
  }
  enqueue(code);
}

void DurableSnapshots::enqueue(const std::string& code) {
  if (queue_.tryEnqueue("playback.snapshot",
                        [this, code](storage::Database&) { writeLatest(code); }))
    return;
  std::lock_guard lock(mutex_);
  pending_.erase(code);
  log::Logger("hub").warn("playback snapshot dropped: write queue full", {{"room", code}});
}

void DurableSnapshots::writeLatest(const std::string& code) {
  playback::PlaybackState state;
  {
    std::lock_guard lock(mutex_);
    const auto it = pending_.find(code);
    if (it == pending_.end())
      return;
    state = it->second.state;
  }
  // Throws on a database failure: the write queue retries this job, which re-reads the latest.
  store_.savePlaybackSnapshot(code, static_cast<std::int64_t>(state.epoch),
                              playback::toJsonString(state));
  std::lock_guard lock(mutex_);
  lastWrite_[code] = Clock::now();
  const auto it = pending_.find(code);
  if (it == pending_.end())
    return;
  if (it->second.state == state)
    pending_.erase(it);
  else
    it->second.queued = false;  // newer state arrived meanwhile: the flusher's turn
}

void DurableSnapshots::flushDue() {
  std::vector<std::string> due;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (auto& [code, pending] : pending_) {
      if (pending.queued)
        continue;
      const auto last = lastWrite_.find(code);
      if (last == lastWrite_.end() || now - last->second >= interval_) {
        pending.queued = true;
        due.push_back(code);
      }
    }
    // Forget write times that can no longer throttle anything, so the map stays small.
    std::erase_if(lastWrite_, [&](const auto& entry) {
      return now - entry.second >= interval_ && pending_.find(entry.first) == pending_.end();
    });
  }
  for (const auto& code : due)
    enqueue(code);
}

}  // namespace streamit::hub
