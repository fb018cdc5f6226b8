#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "rooms/lifecycle.h"

// When a room's host counts as gone. A host may hold several connections (two tabs, a
// reconnect that landed before the old socket's close was noticed), each registered in
// room:{code}:host as session id → the node serving it. Pure: the callers read and write the
// store.
namespace streamit::cluster {

// The host sessions whose node stopped beating (crashed or cut off): their connections will
// never send a close, so a surviving node removes them. This node's own sessions are never
// judged here (their closes arrive). `nodeAlive` is asked once per other node's entry.
std::vector<std::string> hostSessionsOnDeadNodes(
    const std::map<std::string, std::string>& hostSessions, const std::string& selfNode,
    const std::function<bool(const std::string& node)>& nodeAlive);

// The lifecycle event for a host whose last connection closed with `closeCode`: a server
// going away or failing is not the host leaving, so it counts as a missed heartbeat.
rooms::LifecycleEvent hostLeftEvent(std::uint16_t closeCode);

}  // namespace streamit::cluster
