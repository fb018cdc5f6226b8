#include "hub/durable_snapshots.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "metrics/registry.h"
#include "rooms/playback_snapshot_store.h"
#include "storage/write_queue.h"

namespace streamit::hub {
namespace {

using namespace std::chrono_literals;

// The queue only hands the Database through; the snapshot store below does the "writing".
class NoDatabase : public storage::Database {
 public:
  storage::Dialect dialect() const override { return storage::Dialect::kSqlite; }
  std::string backendName() const override { return "none"; }
  void withSession(const std::function<void(Poco::Data::Session&)>&) override {}
  void withTransaction(const std::function<void(Poco::Data::Session&)>&) override {}
  util::HealthStatus checkHealth() override { return {true, "ok"}; }
};

class RecordingStore : public rooms::PlaybackSnapshotStore {
 public:
  bool savePlaybackSnapshot(const std::string& code, std::int64_t epoch,
                            const std::string& json) override {
    std::lock_guard lock(mutex);
    writes.push_back(json);
    rows[code] = {epoch, json};
    return true;
  }
  std::optional<rooms::PlaybackSnapshot> loadPlaybackSnapshot(const std::string& code) override {
    std::lock_guard lock(mutex);
    const auto it = rows.find(code);
    return it == rows.end() ? std::nullopt : std::optional(it->second);
  }
  std::size_t writeCount() {
    std::lock_guard lock(mutex);
    return writes.size();
  }
  std::mutex mutex;
  std::vector<std::string> writes;
  std::map<std::string, rooms::PlaybackSnapshot> rows;
};

playback::PlaybackState atVersion(std::uint64_t version) {
  playback::PlaybackState state;
  state.version = version;
  state.position_s = static_cast<double>(version);
  return state;
}

struct Fixture {
  NoDatabase db;
  metrics::Registry registry;
  storage::WriteQueue queue{db, storage::WriteQueue::Options{}, registry};
  RecordingStore store;
};

TEST(DurableSnapshots, ABurstOfSavesCostsOneWriteNowAndOneTrailingWriteOfTheNewest) {
  Fixture f;
  DurableSnapshots snapshots(f.store, f.queue, 200ms);
  // One save every 10 ms for half a second: unthrottled, each would find the queue idle and
  // cost a write of its own (~50); throttled to one per 200 ms it is a handful.
  for (std::uint64_t v = 1; v <= 50; ++v) {
    snapshots.save("ROOM", atVersion(v));
    std::this_thread::sleep_for(10ms);
  }
  // Until the trailing write lands, load() answers with the newest state, not the row.
  EXPECT_EQ(snapshots.load("ROOM")->version, 50u);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto row = f.store.loadPlaybackSnapshot("ROOM");
    if (row && playback::playbackStateFromJsonString(row->json).version == 50)
      break;
    std::this_thread::sleep_for(10ms);
  }
  const auto row = f.store.loadPlaybackSnapshot("ROOM");
  ASSERT_TRUE(row);
  EXPECT_EQ(playback::playbackStateFromJsonString(row->json).version, 50u);
  EXPECT_LE(f.store.writeCount(), 5u) << "saves were not throttled";
  EXPECT_GE(f.store.writeCount(), 1u);
}

TEST(DurableSnapshots, RoomsAreThrottledIndependently) {
  Fixture f;
  DurableSnapshots snapshots(f.store, f.queue, 10s);
  snapshots.save("A", atVersion(1));
  snapshots.save("B", atVersion(1));
  ASSERT_TRUE(f.queue.drain(5s));
  EXPECT_EQ(f.store.writeCount(), 2u);  // the first save of each room is written at once
  EXPECT_EQ(snapshots.load("A")->version, 1u);
}

}  // namespace
}  // namespace streamit::hub
