#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "util/periodic_task.h"

namespace streamit::realtime {
class RealtimeStore;
}
namespace streamit::rooms {
class RoomService;
}

// Keeps a crashed node's rooms from staying LIVE forever. Every node marks itself alive
// (node:{id}:alive, TTL 3 beats) each beat; for the rooms it serves — and every
// kOrphanCheckEvery-th beat for every LIVE room, so rooms whose members were all on a crashed
// node are found too — it checks that the host's connections are on live nodes and sends the
// room to GRACE (HeartbeatMissed) when none is (rules: cluster/host_alive.h).
namespace streamit::cluster {

class NodeLiveness {
 public:
  struct Hooks {
    // The rooms this node currently serves.
    std::function<std::set<std::string>()> localRooms;
    // Runs `task` on the room's strand (host-alive checks race the room's own leaves).
    std::function<void(const std::string& code, std::function<void()> task)> post;
    // Optional: run on each served room's strand after every successful beat.
    std::function<void(const std::string& code)> afterBeat;
  };

  NodeLiveness(realtime::RealtimeStore& store, rooms::RoomService& rooms, std::string nodeId,
               std::int64_t heartbeatMs, Hooks hooks);
  NodeLiveness(const NodeLiveness&) = delete;
  NodeLiveness& operator=(const NodeLiveness&) = delete;

  // Beats at once, then every heartbeatMs. stop() joins.
  void start() { task_.start(); }
  void stop() { task_.stop(); }

  // One beat now (the task's run).
  void beat();
  // On the room's strand: removes host sessions on dead nodes; GRACE when none is left.
  void checkHostAlive(const std::string& code);

 private:
  static constexpr std::uint64_t kOrphanCheckEvery = 10;
  static constexpr int kOrphanCheckPageSize = 500;
  static constexpr std::size_t kOrphanCheckPages = 20;

  realtime::RealtimeStore& store_;
  rooms::RoomService& rooms_;
  const std::string nodeId_;
  const std::int64_t heartbeatMs_;
  const Hooks hooks_;
  std::uint64_t beats_ = 0;  // task thread only
  util::PeriodicTask task_;  // last: stopped before anything it uses is destroyed
};

}  // namespace streamit::cluster
