#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

namespace streamit::realtime {
class RealtimeStore;
}

// Multi-node lead: each node writes a summary of its members' one-way delays in a room to
// room:{code}:delays (field = node id) every node beat and reads the other nodes' entries, so
// the node applying a command schedules it for the members of every node (docs/realtime.md
// "Playback commands"). Called on the room's strand.
namespace streamit::cluster {

// An entry is written every node beat and trusted for this many beats (also the key's TTL):
// a node that stopped writing drops out of the other nodes' leads.
inline constexpr std::int64_t kDelaySummaryBeats = 3;

class DelaySharing {
 public:
  DelaySharing(realtime::RealtimeStore& store, std::string nodeId, std::int64_t nodeHeartbeatMs);

  // Writes this node's summary of `localOneWayMs` (when there is any), reads the other nodes'
  // entries and deletes the lapsed ones. Returns the other nodes' p90 (ms) by node id. Throws
  // on a store failure (the caller keeps the last summaries it read).
  std::unordered_map<std::string, std::int64_t> exchange(const std::string& code,
                                                         std::span<const double> localOneWayMs,
                                                         std::int64_t nowMs);
  // Removes this node's entry; a failure is only logged: the timestamp and TTL retire it.
  void forget(const std::string& code);

 private:
  realtime::RealtimeStore& store_;
  const std::string nodeId_;
  const std::int64_t trustedMs_;
};

}  // namespace streamit::cluster
