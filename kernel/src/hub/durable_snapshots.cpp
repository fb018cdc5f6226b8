#include "hub/durable_snapshots.h"

#include "log/logger.h"
#include "rooms/playback_snapshot_store.h"
#include "storage/write_queue.h"

namespace streamit::hub {

std::optional<playback::PlaybackState> DurableSnapshots::load(const std::string& code) {
  {
    // A save still waiting in the queue is newer than the row.
    std::lock_guard lock(mutex_);
    if (const auto it = pending_.find(code); it != pending_.end())
      return it->second;
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
    const auto [it, inserted] = pending_.insert_or_assign(code, state);
    if (!inserted)
      return;  // a queued job will write this newer state
  }
  const bool queued = queue_.tryEnqueue("playback.snapshot",
                                        [this, code](storage::Database&) { writeLatest(code); });
  if (!queued) {
    std::lock_guard lock(mutex_);
    pending_.erase(code);
    log::Logger("hub").warn("playback snapshot dropped: write queue full", {{"room", code}});
  }
}

void DurableSnapshots::writeLatest(const std::string& code) {
  playback::PlaybackState state;
  {
    std::lock_guard lock(mutex_);
    const auto it = pending_.find(code);
    if (it == pending_.end())
      return;
    state = it->second;
  }
  // Throws on a database failure: the write queue retries this job, which re-reads the latest.
  store_.savePlaybackSnapshot(code, static_cast<std::int64_t>(state.epoch),
                              playback::toJsonString(state));
  {
    std::lock_guard lock(mutex_);
    const auto it = pending_.find(code);
    if (it == pending_.end())
      return;
    if (it->second == state) {
      pending_.erase(it);
      return;
    }
  }
  // A newer state arrived while this one was being written; its save() saw the entry and
  // relied on a job to come, so queue one.
  if (!queue_.tryEnqueue("playback.snapshot",
                         [this, code](storage::Database&) { writeLatest(code); })) {
    std::lock_guard lock(mutex_);
    pending_.erase(code);
  }
}

}  // namespace streamit::hub
