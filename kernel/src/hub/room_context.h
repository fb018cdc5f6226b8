#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "chat/chat_batcher.h"
#include "gateway/gateway.h"
#include "hub/hub_session.h"
#include "hub/presence_batcher.h"
#include "hub/version_filter.h"
#include "playback/playback_engine.h"
#include "realtime/realtime_store.h"

namespace streamit::hub {

// One room as seen by one node. Touched only by the room's strand, except the atomics the
// ticker reads to decide what to post.
struct RoomContext {
  RoomContext(std::string c, std::size_t presenceListMax, std::int64_t chatWindowMs,
              std::size_t chatBatchMax)
      : code(std::move(c)), presence(presenceListMax), chat(chatWindowMs, chatBatchMax) {}

  std::string code;
  std::string host_subject;  // from the room record: host privilege never comes from a token
  std::unordered_map<gateway::ConnectionId, std::shared_ptr<Member>> members;
  VersionFilter filter;
  // The playback state this node last wrote: lets the next command skip a store read (a hint,
  // checked by the engine's compare-and-set; see playback::KnownState).
  std::optional<playback::KnownState> known_state;
  // Members whose last playback.report said buffering → when (ms); see leadFor().
  std::unordered_map<std::string, std::int64_t> buffering;
  // The other nodes' p90 one-way delay (ms) of their members here, by node id, as last read from
  // room:{code}:delays; replaced on every read, so a node that stopped writing drops out.
  std::unordered_map<std::string, std::int64_t> remote_delay_p90_ms;
  PresenceBatcher presence;
  chat::ChatBatcher chat;
  std::unique_ptr<realtime::Subscription> subscription;
  std::atomic<bool> presencePending{false};
  std::atomic<bool> chatPending{false};
  // A resync failed (the store was still coming back); the ticker retries it.
  std::atomic<bool> resyncPending{false};
  // The room was deleted or expired: leaving members must not recreate its realtime keys.
  bool closed = false;
};

}  // namespace streamit::hub
