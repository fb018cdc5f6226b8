#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "playback/playback_state.h"

// The history checker of TEST-PLAN.md, shared by integration and chaos tests. Test clients
// record what they send and receive; the checker verifies the invariants afterwards:
//   I1 monotonic: within an epoch no client sees a room's version go backwards, and one
//      (room, epoch, version) always denotes the same state;
//   I3 convergence: at a given instant all clients of a room hold the same (epoch, version)
//      and derive positions that agree within a tolerance (250 ms);
//   I4 authority: every state version after a room's first observed one was produced by an
//      acknowledged host command, and no non-host command is ever acknowledged.
// I2 and I5 need server-side knowledge and are not checked here yet.
namespace streamit::testsupport {

enum class HistoryEvent {
  kSend,   // the client sent a playback command
  kAck,    // the server accepted it; epoch/version are the ones it produced
  kError,  // the server rejected it
  kState,  // the client received a state (playback.state or room.snapshot)
};

struct HistoryEntry {
  std::int64_t t_ms = 0;  // server-clock time of the observation
  std::string client;
  std::string room;
  HistoryEvent event = HistoryEvent::kState;
  std::uint64_t epoch = 0;
  std::uint64_t version = 0;
  // The received state for kState; optional otherwise.
  std::optional<playback::PlaybackState> state;
  // Whether the client was the room's host when the entry was recorded.
  bool client_is_host = false;
};

struct Violation {
  std::string invariant;  // "I1", "I3", "I4"
  std::string detail;
};

// Thread-safe: test clients on several threads record into one history.
class HistoryRecorder {
 public:
  void record(HistoryEntry entry);
  // A copy sorted by t_ms (stable, so equal times keep recording order).
  std::vector<HistoryEntry> entries() const;

 private:
  mutable std::mutex mutex_;
  std::vector<HistoryEntry> entries_;
};

// All checks take the history in recording order per client (sort by t_ms first if merged).
std::vector<Violation> checkMonotonic(const std::vector<HistoryEntry>& history);
std::vector<Violation> checkAuthority(const std::vector<HistoryEntry>& history);
// Each client of `room` that received any state is judged by its latest state at or before
// `atMs`.
std::vector<Violation> checkConvergence(const std::vector<HistoryEntry>& history,
                                        const std::string& room, std::int64_t atMs,
                                        double toleranceS = 0.25);

// One line per violation, for test failure messages.
std::string describe(const std::vector<Violation>& violations);

}  // namespace streamit::testsupport
