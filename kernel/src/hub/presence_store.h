#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "hub/hub_session.h"

namespace streamit::realtime {
class RealtimeStore;
}

// The room's presence in the realtime store: room:{code}:participants (session → who),
// room:{code}:host (the host's sessions → their node) and room:{code}:viewers (the count) —
// the only hub code naming those keys (docs/realtime.md "Presence"). Rules: presence_rules.h.
// Called on the room's strand; throws what the store throws.
namespace streamit::hub {

class PresenceStore {
 public:
  PresenceStore(realtime::RealtimeStore& store, std::string nodeId, std::chrono::seconds ttl);

  // Participants entry, host status and +1 count for `member`, registered under `epoch`.
  void write(Member& member, std::uint64_t epoch);
  // Undoes write() for a leaving member (the entry and count only if they were written).
  // True when it was the host's last connection on any node (two tabs, or a reconnect that
  // landed before the old socket's close was noticed, keep the host present).
  bool remove(const Member& member);
  // The room's viewer count across nodes (0 when none is stored).
  std::int64_t viewerCount(const std::string& code);
  // Every node's participants entries: session id → participantJson.
  std::map<std::string, std::string> participants(const std::string& code);

 private:
  realtime::RealtimeStore& store_;
  const std::string nodeId_;
  const std::chrono::seconds ttl_;
};

}  // namespace streamit::hub
