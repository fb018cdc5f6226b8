// PlaybackEngine on both realtime stores (memory and the test Redis): authority, versioning,
// optimistic concurrency, scheduled starts, cross-thread serialization, epoch rebuild, TTLs.
// Running every case on both stores also holds the playback scripts' Lua and native bodies to
// the same results.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "playback/playback_engine.h"
#include "playback/playback_script.h"
#include "realtime/keys.h"
#include "realtime/store_fixture.h"
#include "test_states.h"

namespace streamit::playback {
namespace {

using namespace std::chrono_literals;
using realtime::test::MemoryBackend;
using realtime::test::RedisBackend;

// The durable copy, in memory; counts saves so tests can see write-behind calls.
class FakeSnapshots : public PlaybackSnapshots {
 public:
  std::optional<PlaybackState> load(const std::string& code) override {
    std::lock_guard lock(mutex_);
    const auto it = saved_.find(code);
    if (it == saved_.end())
      return std::nullopt;
    return it->second;
  }
  void save(const std::string& code, const PlaybackState& state) override {
    std::lock_guard lock(mutex_);
    // Write-behind may reorder; keep the newest (epoch, version) like the real table will.
    auto& slot = saved_[code];
    if (std::tie(state.epoch, state.version) >= std::tie(slot.epoch, slot.version))
      slot = state;
    ++saves_;
  }
  int saves() {
    std::lock_guard lock(mutex_);
    return saves_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, PlaybackState> saved_;
  int saves_ = 0;
};

PlaybackCommand seek(double position, std::optional<std::uint64_t> expected = std::nullopt) {
  return PlaybackCommand{SeekCommand{position}, expected};
}

template <typename Backend>
class PlaybackEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::make(metrics_, prefix_);
    if (!store_) {
      if (testing::serversRequired())
        FAIL() << "STREAMIT_TEST_REDIS_HOST/PORT not set but servers are required";
      GTEST_SKIP() << "no test Redis (set STREAMIT_TEST_REDIS_HOST/PORT)";
    }
    EngineOptions options;
    options.state_ttl = 60s;
    engine_ = std::make_unique<PlaybackEngine>(*store_, snapshots_, options);
  }
  void TearDown() override {
    if (!store_)
      return;
    try {
      const auto left = store_->scan("*");
      if (!left.empty())
        store_->del(left);
    } catch (const std::exception&) {
    }
  }

  PlaybackState stored(const std::string& code) { return engine_->load(code).state; }

  // A created room whose host picked a source: version 1, ready for every command.
  PlaybackState ready(const std::string& code) {
    engine_->initialize(code);
    const ApplyResult result = engine_->apply(
        code, PlaybackCommand{SetSourceCommand{test::movie()}, std::nullopt}, true, 1000, 0);
    EXPECT_TRUE(result.result.accepted()) << result.result.message;
    return result.result.state;
  }

  metrics::Registry metrics_;
  std::string prefix_ = realtime::test::uniquePrefix();
  std::unique_ptr<realtime::RealtimeStore> store_;
  FakeSnapshots snapshots_;
  std::unique_ptr<PlaybackEngine> engine_;
};

TYPED_TEST_SUITE(PlaybackEngineTest, streamit::realtime::test::StoreBackends,
                 streamit::realtime::test::StoreBackendNames);

TYPED_TEST(PlaybackEngineTest, InitializeStoresEpochOneVersionZeroWithTtl) {
  const PlaybackState initial = this->engine_->initialize("ROOM1").state;
  EXPECT_EQ(initial.epoch, 1U);
  EXPECT_EQ(initial.version, 0U);
  EXPECT_EQ(initial.status, PlaybackStatus::kPaused);
  EXPECT_EQ(this->stored("ROOM1"), initial);
  EXPECT_EQ(this->snapshots_.load("ROOM1"), initial);
  const auto ttl = this->store_->pttl(realtime::keys::roomState("ROOM1"));
  EXPECT_GT(ttl, 50000);
  EXPECT_LE(ttl, 60000);

  // A retried creation keeps what is there instead of resetting a live room.
  this->engine_->apply("ROOM1", PlaybackCommand{SetSourceCommand{test::movie()}, std::nullopt},
                       true, 1000, 0);
  EXPECT_EQ(this->engine_->initialize("ROOM1").state.version, 1U);
}

TYPED_TEST(PlaybackEngineTest, NonHostChangesNothing) {
  const PlaybackState initial = this->ready("R");
  const int saves = this->snapshots_.saves();
  const ApplyResult result =
      this->engine_->apply("R", PlaybackCommand{PlayCommand{}, std::nullopt}, false, 1000, 100);
  EXPECT_EQ(result.result.rejection, RejectReason::kNotHost);
  EXPECT_EQ(result.result.state, initial);
  EXPECT_EQ(this->stored("R"), initial);
  EXPECT_EQ(this->snapshots_.saves(), saves);
}

TYPED_TEST(PlaybackEngineTest, EachAcceptedCommandBumpsTheVersionByOne) {
  this->ready("R");
  const std::vector<PlaybackCommand> commands = {{PlayCommand{}, std::nullopt},
                                                 {PauseCommand{}, std::nullopt},
                                                 seek(42),
                                                 {ChangeQualityCommand{"auto"}, std::nullopt},
                                                 {ChangeSubtitleCommand{}, std::nullopt}};
  std::uint64_t expected = 1;  // ready() set the source
  for (const PlaybackCommand& command : commands) {
    const ApplyResult result = this->engine_->apply("R", command, true, 1000 + expected, 50);
    ASSERT_TRUE(result.result.accepted()) << result.result.message;
    EXPECT_FALSE(result.rebuilt);
    EXPECT_EQ(result.result.state.version, ++expected);
    EXPECT_EQ(this->stored("R"), result.result.state);
    EXPECT_EQ(this->snapshots_.load("R"), result.result.state);
  }
}

TYPED_TEST(PlaybackEngineTest, StaleExpectedVersionConflictsWithTheCurrentState) {
  this->ready("R");
  const PlaybackState v2 = this->engine_->apply("R", seek(10, 1), true, 1000, 0).result.state;
  ASSERT_EQ(v2.version, 2U);
  const ApplyResult stale = this->engine_->apply("R", seek(20, 1), true, 2000, 0);
  EXPECT_EQ(stale.result.rejection, RejectReason::kConflict);
  EXPECT_EQ(stale.result.state, v2);
  EXPECT_EQ(this->stored("R"), v2);
  EXPECT_TRUE(this->engine_->apply("R", seek(20, 2), true, 2000, 0).result.accepted());
}

TYPED_TEST(PlaybackEngineTest, PlayIsScheduledLeadAhead) {
  this->ready("R");
  const ApplyResult result = this->engine_->apply(
      "R", PlaybackCommand{PlayCommand{12.0}, std::nullopt}, true, 1'700'000'000'000, 300);
  ASSERT_TRUE(result.result.accepted());
  EXPECT_EQ(result.result.state.status, PlaybackStatus::kPlaying);
  EXPECT_EQ(result.result.state.ref_server_ms, 1'700'000'000'300);
  EXPECT_EQ(result.result.state.position_s, 12.0);
  EXPECT_EQ(this->stored("R").ref_server_ms, 1'700'000'000'300);
}

TYPED_TEST(PlaybackEngineTest, ConcurrentAppliersSerialize) {
  this->ready("R");
  // Enough retries that an unpinned command is never refused for contention here.
  EngineOptions patient;
  patient.max_cas_retries = 10000;
  PlaybackEngine engine(*this->store_, this->snapshots_, patient);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::mutex mutex;
  std::set<std::uint64_t> versions;
  int accepted = 0;
  std::vector<std::thread> threads;
  std::atomic<int> waiting{kThreads};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // All threads start together, or the first may finish before the last exists.
      --waiting;
      while (waiting.load() > 0)
        std::this_thread::yield();
      for (int i = 0; i < kPerThread; ++i) {
        // Every third command is pinned to the version this thread last saw, so conflicts
        // happen too; those must change nothing.
        std::optional<std::uint64_t> expected;
        if (i % 3 == 0)
          expected = this->stored("R").version;
        const ApplyResult result =
            engine.apply("R", seek(t * 100.0 + i, expected), true, 1000 + i, 0);
        std::lock_guard lock(mutex);
        if (result.result.accepted()) {
          ++accepted;
          EXPECT_TRUE(versions.insert(result.result.state.version).second)
              << "version " << result.result.state.version << " accepted twice";
        } else {
          EXPECT_EQ(result.result.rejection, RejectReason::kConflict);
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  const PlaybackState final = this->stored("R");
  EXPECT_EQ(final.version, static_cast<std::uint64_t>(accepted) + 1);  // +1: ready()
  int unpinned = 0;
  for (int i = 0; i < kPerThread; ++i)
    unpinned += i % 3 == 0 ? 0 : 1;
  EXPECT_GE(accepted, kThreads * unpinned);  // only pinned commands may conflict
  ASSERT_FALSE(versions.empty());
  EXPECT_EQ(*versions.begin(), 2U);
  EXPECT_EQ(versions.size(), static_cast<std::size_t>(accepted));
  EXPECT_EQ(*versions.rbegin(), final.version);
}

TYPED_TEST(PlaybackEngineTest, LostStateIsRebuiltUnderANewEpoch) {
  this->ready("R");
  const PlaybackState before = this->engine_->apply("R", seek(77), true, 1000, 0).result.state;
  this->store_->del({realtime::keys::roomState("R")});

  const LoadResult rebuilt = this->engine_->load("R");
  EXPECT_TRUE(rebuilt.rebuilt);
  EXPECT_EQ(rebuilt.state.epoch, before.epoch + 1);
  EXPECT_EQ(rebuilt.state.version, 0U);
  EXPECT_EQ(rebuilt.state.position_s, 77.0);
  EXPECT_EQ(this->snapshots_.load("R"), rebuilt.state);
  EXPECT_GT(this->store_->pttl(realtime::keys::roomState("R")), 0);

  const LoadResult again = this->engine_->load("R");
  EXPECT_FALSE(again.rebuilt);
  EXPECT_EQ(again.state, rebuilt.state);
}

TYPED_TEST(PlaybackEngineTest, ApplyAfterLossRebuildsThenApplies) {
  this->ready("R");
  this->engine_->apply("R", seek(5), true, 1000, 0);
  this->store_->del({realtime::keys::roomState("R")});
  const ApplyResult result = this->engine_->apply("R", seek(9), true, 2000, 0);
  ASSERT_TRUE(result.result.accepted());
  EXPECT_TRUE(result.rebuilt);
  EXPECT_EQ(result.result.state.epoch, 2U);
  EXPECT_EQ(result.result.state.version, 1U);
  EXPECT_EQ(this->stored("R"), result.result.state);
}

TYPED_TEST(PlaybackEngineTest, TwoNodesRebuildingAgreeOnOneState) {
  this->ready("R");
  PlaybackEngine otherNode(*this->store_, this->snapshots_, EngineOptions{});
  for (int round = 0; round < 5; ++round) {
    this->store_->del({realtime::keys::roomState("R")});
    LoadResult a;
    LoadResult b;
    std::atomic<int> waiting{2};
    auto startTogether = [&] {
      --waiting;
      while (waiting.load() > 0)
        std::this_thread::yield();
    };
    std::thread first([&] {
      startTogether();
      a = this->engine_->load("R");
    });
    std::thread second([&] {
      startTogether();
      b = otherNode.load("R");
    });
    first.join();
    second.join();
    // Whoever came second may already find the rebuilt key; either way one epoch, one state.
    EXPECT_TRUE(a.rebuilt || b.rebuilt);
    EXPECT_EQ(a.state, b.state);
    EXPECT_EQ(this->snapshots_.load("R"), a.state);
    EXPECT_EQ(a.state.epoch, static_cast<std::uint64_t>(round + 2));
    EXPECT_EQ(this->stored("R"), a.state);
  }
}

TYPED_TEST(PlaybackEngineTest, NoKeyAndNoSnapshotThrows) {
  EXPECT_THROW(this->engine_->load("NONE"), RoomStateMissing);
  EXPECT_THROW(this->engine_->apply("NONE", seek(1), true, 1, 0), RoomStateMissing);
}

TYPED_TEST(PlaybackEngineTest, AcceptedCommandsRefreshTheTtl) {
  this->ready("R");
  const std::string key = realtime::keys::roomState("R");
  ASSERT_TRUE(this->store_->expire(key, 5s));
  this->engine_->apply("R", PlaybackCommand{PlayCommand{}, std::nullopt}, false, 1, 0);
  EXPECT_LE(this->store_->pttl(key), 5000) << "a rejected command must not refresh";
  this->engine_->apply("R", seek(3), true, 1, 0);
  EXPECT_GT(this->store_->pttl(key), 50000);
}

TYPED_TEST(PlaybackEngineTest, EraseRemovesTheState) {
  this->ready("R");
  this->engine_->erase("R");
  EXPECT_EQ(this->store_->pttl(realtime::keys::roomState("R")), -2);
}

// The raw script replies, identical on both stores.
TYPED_TEST(PlaybackEngineTest, ScriptRepliesMatchTheirContract) {
  auto& store = *this->store_;
  const std::string key = realtime::keys::roomState("S");
  const PlaybackState state;
  const std::string json = toJsonString(state);
  using realtime::Value;
  EXPECT_EQ(store.eval(scripts::playbackStateCas(), {key}, {json, json, "1", "60000"}),
            Value::ofArray({Value::ofInt(-1)}));
  EXPECT_EQ(store.eval(scripts::playbackStateInit(), {key}, {"1", "0", json, "60000"}),
            Value::ofArray({Value::ofInt(1)}));
  EXPECT_EQ(store.eval(scripts::playbackStateInit(), {key}, {"9", "9", "other", "60000"}),
            Value::ofArray({Value::ofInt(0), Value::ofString(json)}));
  // Anything but the exact stored bytes loses, even the same state spelled differently.
  EXPECT_EQ(store.eval(scripts::playbackStateCas(), {key}, {"other", "x", "1", "60000"}),
            Value::ofArray({Value::ofInt(0), Value::ofString(json)}));
  EXPECT_EQ(store.eval(scripts::playbackStateCas(), {key}, {json + " ", "x", "2", "60000"}),
            Value::ofArray({Value::ofInt(0), Value::ofString(json)}));
  EXPECT_EQ(store.eval(scripts::playbackStateCas(), {key}, {json, "next", "1", "60000"}),
            Value::ofArray({Value::ofInt(1)}));
  EXPECT_EQ(store.hget(key, "state"), "next");
  EXPECT_EQ(store.hget(key, "version"), "1");
  EXPECT_EQ(store.hget(key, "epoch"), "1");
}

// --- apply() with a KnownState hint: the hint saves a read, the store stays the authority. ---

std::string storedJson(realtime::RealtimeStore& store, const std::string& code) {
  return store.hget(realtime::keys::roomState(code), "state").value_or("<no state>");
}

KnownState hintOf(const LoadResult& loaded) {
  return KnownState{loaded.state, loaded.json};
}

TYPED_TEST(PlaybackEngineTest, HintEqualToTheStoredStateIsAccepted) {
  this->ready("R");
  const LoadResult loaded = this->engine_->load("R");
  ASSERT_EQ(loaded.json, storedJson(*this->store_, "R"));
  const KnownState hint = hintOf(loaded);
  const ApplyResult first = this->engine_->apply("R", seek(30, 1), true, 1000, 0, &hint);
  ASSERT_TRUE(first.result.accepted()) << first.result.message;
  EXPECT_FALSE(first.rebuilt);
  EXPECT_EQ(first.result.state.version, 2U);
  EXPECT_EQ(first.result.state.position_s, 30.0);
  EXPECT_EQ(first.json, storedJson(*this->store_, "R"));
  EXPECT_EQ(first.json, toJsonString(first.result.state));
  EXPECT_EQ(this->stored("R"), first.result.state);
  EXPECT_EQ(this->snapshots_.load("R"), first.result.state);

  // The written result is the next hint: a chain of commands never needs a read.
  const KnownState next{first.result.state, first.json};
  const ApplyResult second = this->engine_->apply(
      "R", PlaybackCommand{PlayCommand{}, std::uint64_t{2}}, true, 2000, 100, &next);
  ASSERT_TRUE(second.result.accepted()) << second.result.message;
  EXPECT_EQ(second.result.state.version, 3U);
  EXPECT_EQ(second.result.state.status, PlaybackStatus::kPlaying);
  EXPECT_EQ(second.result.state.position_s, 30.0);
  EXPECT_EQ(second.result.state.ref_server_ms, 2100);
  EXPECT_EQ(second.json, storedJson(*this->store_, "R"));
}

TYPED_TEST(PlaybackEngineTest, ApplyWithoutHintReturnsTheStoredBytes) {
  this->ready("R");
  const ApplyResult accepted = this->engine_->apply("R", seek(8), true, 1000, 0);
  ASSERT_TRUE(accepted.result.accepted());
  EXPECT_EQ(accepted.json, storedJson(*this->store_, "R"));
  const ApplyResult refused = this->engine_->apply("R", seek(9, 1), true, 1000, 0);
  ASSERT_EQ(refused.result.rejection, RejectReason::kConflict);
  EXPECT_EQ(refused.json, storedJson(*this->store_, "R"));
  EXPECT_EQ(refused.result.state, accepted.result.state);
}

TYPED_TEST(PlaybackEngineTest, StaleHintAppliesToTheStoredState) {
  this->ready("R");
  const KnownState stale = hintOf(this->engine_->load("R"));  // version 1, paused at 0
  PlaybackEngine otherNode(*this->store_, this->snapshots_, EngineOptions{});
  const ApplyResult moved = otherNode.apply("R", seek(10), true, 1000, 0);
  ASSERT_TRUE(moved.result.accepted());
  ASSERT_EQ(moved.result.state.version, 2U);

  // PLAY continues from the current position: 10 as stored, 0 on the stale hint.
  const ApplyResult result = this->engine_->apply("R", PlaybackCommand{PlayCommand{}, std::nullopt},
                                                  true, 5000, 300, &stale);
  ASSERT_TRUE(result.result.accepted()) << result.result.message;
  EXPECT_FALSE(result.rebuilt);
  EXPECT_EQ(result.result.state.version, 3U);
  EXPECT_EQ(result.result.state.epoch, 1U);
  EXPECT_EQ(result.result.state.status, PlaybackStatus::kPlaying);
  EXPECT_EQ(result.result.state.position_s, 10.0);
  EXPECT_EQ(result.result.state.ref_server_ms, 5300);
  EXPECT_EQ(result.result.state.source, test::movie());
  EXPECT_EQ(result.json, storedJson(*this->store_, "R"));
  EXPECT_EQ(this->stored("R"), result.result.state);
  EXPECT_EQ(this->snapshots_.load("R"), result.result.state);
}

TYPED_TEST(PlaybackEngineTest, HintWithOtherBytesForTheSameStateStillApplies) {
  this->ready("R");
  const LoadResult loaded = this->engine_->load("R");
  // Same state, different spelling: the compare-and-set loses once, then applies.
  const KnownState respelled{loaded.state, loaded.json + " "};
  const ApplyResult result = this->engine_->apply("R", seek(4), true, 1000, 0, &respelled);
  ASSERT_TRUE(result.result.accepted()) << result.result.message;
  EXPECT_EQ(result.result.state.version, 2U);
  EXPECT_EQ(result.json, storedJson(*this->store_, "R"));
  EXPECT_EQ(this->stored("R"), result.result.state);
}

TYPED_TEST(PlaybackEngineTest, ExpectedVersionOfAStaleHintConflictsWithTheStoredState) {
  this->ready("R");
  const KnownState stale = hintOf(this->engine_->load("R"));  // version 1
  const PlaybackState v2 = this->engine_->apply("R", seek(10), true, 1000, 0).result.state;
  ASSERT_EQ(v2.version, 2U);
  const std::string storedBefore = storedJson(*this->store_, "R");
  const int saves = this->snapshots_.saves();

  // expected_version 1 matches the hint, not the store.
  const ApplyResult result = this->engine_->apply("R", seek(20, 1), true, 2000, 0, &stale);
  EXPECT_EQ(result.result.rejection, RejectReason::kConflict);
  EXPECT_EQ(result.result.state, v2);
  EXPECT_EQ(result.json, storedBefore);
  EXPECT_EQ(storedJson(*this->store_, "R"), storedBefore);
  EXPECT_EQ(this->snapshots_.saves(), saves);

  // Any refusal carries the stored state, not the hint's.
  const ApplyResult notHost = this->engine_->apply(
      "R", PlaybackCommand{PlayCommand{}, std::nullopt}, false, 2000, 0, &stale);
  EXPECT_EQ(notHost.result.rejection, RejectReason::kNotHost);
  EXPECT_EQ(notHost.result.state, v2);
  EXPECT_EQ(notHost.json, storedBefore);
  EXPECT_EQ(this->snapshots_.saves(), saves);
}

TYPED_TEST(PlaybackEngineTest, RefusalOnAStaleHintIsRejudgedOnTheStoredState) {
  this->ready("R");
  const KnownState stale = hintOf(this->engine_->load("R"));  // version 1
  ASSERT_TRUE(this->engine_->apply("R", seek(10), true, 1000, 0).result.accepted());

  // expected_version 2 matches the store, not the hint: accepted on the stored state.
  const ApplyResult result = this->engine_->apply("R", seek(20, 2), true, 2000, 0, &stale);
  ASSERT_TRUE(result.result.accepted()) << result.result.message;
  EXPECT_FALSE(result.rebuilt);
  EXPECT_EQ(result.result.state.version, 3U);
  EXPECT_EQ(result.result.state.position_s, 20.0);
  EXPECT_EQ(result.json, storedJson(*this->store_, "R"));
  EXPECT_EQ(this->stored("R"), result.result.state);
}

TYPED_TEST(PlaybackEngineTest, HintForADeletedKeyRebuildsThenApplies) {
  this->ready("R");
  const ApplyResult before = this->engine_->apply("R", seek(5), true, 1000, 0);
  ASSERT_TRUE(before.result.accepted());
  const KnownState hint{before.result.state, before.json};  // exact, but the key goes away
  this->engine_->erase("R");

  const ApplyResult result = this->engine_->apply("R", seek(9), true, 2000, 0, &hint);
  ASSERT_TRUE(result.result.accepted()) << result.result.message;
  EXPECT_TRUE(result.rebuilt);
  EXPECT_EQ(result.result.state.epoch, before.result.state.epoch + 1);
  EXPECT_EQ(result.result.state.version, 1U);
  EXPECT_EQ(result.result.state.position_s, 9.0);
  EXPECT_EQ(result.json, storedJson(*this->store_, "R"));
  EXPECT_EQ(this->stored("R"), result.result.state);
  EXPECT_EQ(this->snapshots_.load("R"), result.result.state);
}

TYPED_TEST(PlaybackEngineTest, RefusalOnAHintForADeletedKeyCarriesTheRebuiltState) {
  this->ready("R");
  const ApplyResult before = this->engine_->apply("R", seek(5), true, 1000, 0);
  ASSERT_TRUE(before.result.accepted());
  const KnownState hint{before.result.state, before.json};
  this->store_->del({realtime::keys::roomState("R")});

  const ApplyResult result = this->engine_->apply("R", PlaybackCommand{PlayCommand{}, std::nullopt},
                                                  false, 2000, 0, &hint);
  EXPECT_EQ(result.result.rejection, RejectReason::kNotHost);
  EXPECT_TRUE(result.rebuilt);
  EXPECT_EQ(result.result.state.epoch, before.result.state.epoch + 1);
  EXPECT_EQ(result.result.state.version, 0U);
  EXPECT_EQ(result.result.state.position_s, 5.0);
  EXPECT_EQ(result.json, storedJson(*this->store_, "R"));
}

TYPED_TEST(PlaybackEngineTest, HintForAMissingRoomWithoutSnapshotThrows) {
  const KnownState hint{PlaybackState{}, toJsonString(PlaybackState{})};
  EXPECT_THROW(this->engine_->apply("NONE", seek(1), true, 1, 0, &hint), RoomStateMissing);
  EXPECT_EQ(this->store_->pttl(realtime::keys::roomState("NONE")), -2);
}

// "A stale hint costs one retry and never decides an outcome" (playback_engine.h): with no
// retries allowed for lost races, a stale hint alone must not turn a command into CONFLICT.
TYPED_TEST(PlaybackEngineTest, StaleHintDoesNotConsumeTheRaceRetries) {
  this->ready("R");
  const KnownState stale = hintOf(this->engine_->load("R"));
  ASSERT_TRUE(this->engine_->apply("R", seek(10), true, 1000, 0).result.accepted());
  EngineOptions noRetries;
  noRetries.max_cas_retries = 0;
  PlaybackEngine engine(*this->store_, this->snapshots_, noRetries);
  const ApplyResult result = engine.apply("R", seek(20), true, 2000, 0, &stale);
  EXPECT_TRUE(result.result.accepted()) << result.result.message;
}

}  // namespace
}  // namespace streamit::playback
