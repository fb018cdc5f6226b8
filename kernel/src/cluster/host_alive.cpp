#include "cluster/host_alive.h"

#include "ws/close_codes.h"

namespace streamit::cluster {

std::vector<std::string> hostSessionsOnDeadNodes(
    const std::map<std::string, std::string>& hostSessions, const std::string& selfNode,
    const std::function<bool(const std::string& node)>& nodeAlive) {
  std::vector<std::string> dead;
  for (const auto& [session, node] : hostSessions) {
    if (node != selfNode && !nodeAlive(node))
      dead.push_back(session);
  }
  return dead;
}

rooms::LifecycleEvent hostLeftEvent(std::uint16_t closeCode) {
  return closeCode == ws::kCloseGoingAway || closeCode == ws::kCloseServerError
             ? rooms::LifecycleEvent::kHeartbeatMissed
             : rooms::LifecycleEvent::kHostDisconnected;
}

}  // namespace streamit::cluster
