#include "playback/history_checker.h"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "playback/commands.h"
#include "playback/test_states.h"

namespace streamit::testsupport {
namespace {

using playback::PlaybackState;

constexpr std::int64_t kT = playback::test::kNow;

HistoryEntry stateEntry(std::int64_t t, const std::string& client, const PlaybackState& state,
                        bool isHost = false) {
  return HistoryEntry{t,           client,        "ROOM", HistoryEvent::kState,
                      state.epoch, state.version, state,  isHost};
}

HistoryEntry ackEntry(std::int64_t t, const std::string& client, const PlaybackState& state,
                      bool isHost) {
  return HistoryEntry{t,           client,        "ROOM", HistoryEvent::kAck,
                      state.epoch, state.version, state,  isHost};
}

// A realistic good run: host plays then seeks; two viewers receive every state.
struct GoodRun {
  PlaybackState v5 = playback::test::pausedAt(10.0, 5);
  PlaybackState v6;
  PlaybackState v7;
  std::vector<HistoryEntry> history;

  GoodRun() {
    using playback::applyCommand;
    using playback::PlaybackCommand;
    v6 = applyCommand(v5, PlaybackCommand{playback::PlayCommand{}, 5}, true, kT, 300).state;
    v7 = applyCommand(v6, PlaybackCommand{playback::SeekCommand{100.0}, 6}, true, kT + 2'000, 300)
             .state;
    for (const char* client : {"host", "alice", "bob"}) {
      history.push_back(stateEntry(kT - 1'000, client, v5, std::string(client) == "host"));
    }
    history.push_back({kT, "host", "ROOM", HistoryEvent::kSend, 0, 0, std::nullopt, true});
    history.push_back(ackEntry(kT + 5, "host", v6, true));
    for (const char* client : {"host", "alice", "bob"}) {
      history.push_back(stateEntry(kT + 20, client, v6));
    }
    history.push_back({kT + 500, "alice", "ROOM", HistoryEvent::kSend, 0, 0, std::nullopt, false});
    history.push_back({kT + 505, "alice", "ROOM", HistoryEvent::kError, 3, 6, std::nullopt, false});
    history.push_back(ackEntry(kT + 2'005, "host", v7, true));
    for (const char* client : {"host", "alice", "bob"}) {
      history.push_back(stateEntry(kT + 2'030, client, v7));
    }
  }
};

TEST(HistoryChecker, GoodHistoryPasses) {
  const GoodRun run;
  EXPECT_EQ(describe(checkMonotonic(run.history)), "");
  EXPECT_EQ(describe(checkAuthority(run.history)), "");
  EXPECT_EQ(describe(checkConvergence(run.history, "ROOM", kT + 3'000)), "");
  EXPECT_EQ(describe(checkConvergence(run.history, "ROOM", kT + 100)), "");
}

TEST(HistoryChecker, DetectsVersionGoingBack) {
  GoodRun run;
  run.history.push_back(stateEntry(kT + 3'000, "bob", run.v6));
  const std::vector<Violation> violations = checkMonotonic(run.history);
  ASSERT_EQ(violations.size(), 1u) << describe(violations);
  EXPECT_EQ(violations[0].invariant, "I1");
  EXPECT_NE(violations[0].detail.find("bob"), std::string::npos);
}

TEST(HistoryChecker, NewEpochMayRestartVersions) {
  GoodRun run;
  PlaybackState rebuilt = run.v7;
  rebuilt.epoch += 1;
  rebuilt.version = 1;
  run.history.push_back(stateEntry(kT + 3'000, "bob", rebuilt));
  EXPECT_EQ(describe(checkMonotonic(run.history)), "");
}

TEST(HistoryChecker, DetectsTwoStatesWithOneVersion) {
  GoodRun run;
  PlaybackState forged = run.v7;
  forged.position_s += 42.0;
  run.history.push_back(stateEntry(kT + 2'040, "carol", forged));
  const std::vector<Violation> violations = checkMonotonic(run.history);
  ASSERT_EQ(violations.size(), 1u) << describe(violations);
  EXPECT_EQ(violations[0].invariant, "I1");
}

TEST(HistoryChecker, DetectsDivergentVersions) {
  GoodRun run;
  run.history.pop_back();  // bob never received v7
  const std::vector<Violation> violations = checkConvergence(run.history, "ROOM", kT + 3'000);
  ASSERT_FALSE(violations.empty());
  EXPECT_EQ(violations[0].invariant, "I3");
}

TEST(HistoryChecker, DetectsPositionDrift) {
  GoodRun run;
  // Same identity but bob's copy claims an anchor 400 ms later: positions disagree by 0.4 s.
  PlaybackState skewed = run.v7;
  skewed.ref_server_ms += 400;
  run.history.back().state = skewed;
  const std::vector<Violation> violations = checkConvergence(run.history, "ROOM", kT + 5'000);
  ASSERT_EQ(violations.size(), 1u) << describe(violations);
  EXPECT_NE(violations[0].detail.find("spread"), std::string::npos);
  // Within tolerance when the skew is small.
  skewed.ref_server_ms = run.v7.ref_server_ms + 200;
  run.history.back().state = skewed;
  EXPECT_EQ(describe(checkConvergence(run.history, "ROOM", kT + 5'000)), "");
}

TEST(HistoryChecker, DetectsNonHostAck) {
  GoodRun run;
  run.history.push_back(ackEntry(kT + 2'500, "alice", run.v7, false));
  const std::vector<Violation> violations = checkAuthority(run.history);
  ASSERT_EQ(violations.size(), 1u) << describe(violations);
  EXPECT_EQ(violations[0].invariant, "I4");
}

TEST(HistoryChecker, DetectsUnexplainedStateChange) {
  GoodRun run;
  PlaybackState v8 = run.v7;
  v8.version = 8;
  v8.status = playback::PlaybackStatus::kPaused;
  run.history.push_back(stateEntry(kT + 4'000, "alice", v8));
  run.history.push_back(stateEntry(kT + 4'000, "bob", v8));
  const std::vector<Violation> violations = checkAuthority(run.history);
  ASSERT_EQ(violations.size(), 1u) << describe(violations);  // reported once per version
  EXPECT_EQ(violations[0].invariant, "I4");
}

TEST(HistoryRecorder, CollectsFromManyThreadsSortedByTime) {
  HistoryRecorder recorder;
  std::vector<std::thread> threads;
  for (int c = 0; c < 4; ++c) {
    threads.emplace_back([&recorder, c] {
      for (int i = 0; i < 250; ++i) {
        HistoryEntry entry;
        entry.t_ms = (i * 7 + c * 13) % 1000;
        entry.client = "c" + std::to_string(c);
        recorder.record(entry);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  const std::vector<HistoryEntry> entries = recorder.entries();
  ASSERT_EQ(entries.size(), 1000u);
  EXPECT_TRUE(
      std::is_sorted(entries.begin(), entries.end(),
                     [](const HistoryEntry& a, const HistoryEntry& b) { return a.t_ms < b.t_ms; }));
}

}  // namespace
}  // namespace streamit::testsupport
