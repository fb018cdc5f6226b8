#include "cluster/node_liveness.h"

#include <chrono>
#include <exception>
#include <utility>
#include <vector>

#include "cluster/host_alive.h"
#include "log/logger.h"
#include "realtime/keys.h"
#include "realtime/realtime_store.h"
#include "rooms/room_service.h"
#include "util/clock.h"

namespace streamit::cluster {

NodeLiveness::NodeLiveness(realtime::RealtimeStore& store, rooms::RoomService& rooms,
                           std::string nodeId, std::int64_t heartbeatMs, Hooks hooks)
    : store_(store),
      rooms_(rooms),
      nodeId_(std::move(nodeId)),
      heartbeatMs_(heartbeatMs),
      hooks_(std::move(hooks)),
      // At once on start: until its first beat the other nodes take this node's hosts for gone.
      task_("cluster.node_beat", std::chrono::milliseconds(heartbeatMs), [this] { beat(); },
            {.run_at_start = true}) {}

void NodeLiveness::beat() {
  try {
    store_.set(realtime::keys::nodeAlive(nodeId_), "1",
               std::chrono::milliseconds(3 * heartbeatMs_));
  } catch (const std::exception& e) {
    log::Logger("hub").warn("node heartbeat failed", {{"error", e.what()}});
    return;
  }
  std::set<std::string> codes = hooks_.localRooms();
  if (hooks_.afterBeat) {
    for (const auto& code : codes)
      hooks_.post(code, [this, code] { hooks_.afterBeat(code); });
  }
  // Every kOrphanCheckEvery-th beat, also the LIVE rooms this node has no member in: a room
  // whose members were all on a crashed node would otherwise stay LIVE forever (a ghost).
  if (++beats_ % kOrphanCheckEvery == 0) {
    try {
      std::string after;
      for (std::size_t page = 0; page < kOrphanCheckPages; ++page) {
        const auto live = rooms_.liveRooms(after, kOrphanCheckPageSize);
        for (const auto& room : live)
          codes.insert(room.code);
        if (live.size() < static_cast<std::size_t>(kOrphanCheckPageSize))
          break;
        after = live.back().code;
      }
    } catch (const std::exception& e) {
      log::Logger("hub").warn("orphan room check could not list live rooms", {{"error", e.what()}});
    }
  }
  for (const auto& code : codes)
    hooks_.post(code, [this, code] { checkHostAlive(code); });
}

void NodeLiveness::checkHostAlive(const std::string& code) {
  try {
    const auto hostKey = realtime::keys::roomHostStatus(code);
    const auto entries = store_.hgetall(hostKey);
    if (entries.empty())
      return;
    const auto dead = hostSessionsOnDeadNodes(entries, nodeId_, [this](const std::string& node) {
      return store_.get(realtime::keys::nodeAlive(node)).has_value();
    });
    if (dead.empty())
      return;
    // The host's node stopped beating (crashed or cut off): its connections will never send a
    // close, so a surviving node declares the host gone. Only entries that exist and point to a
    // dead node count: an empty hash may just mean Redis lost it, and says nothing.
    store_.hdel(hostKey, dead);
    if (store_.hgetall(hostKey).empty())
      rooms_.applyEvent(code, rooms::LifecycleEvent::kHeartbeatMissed, util::systemNowMs());
  } catch (const std::exception& e) {
    log::Logger("hub").warn("host liveness check failed", {{"room", code}, {"error", e.what()}});
  }
}

}  // namespace streamit::cluster
