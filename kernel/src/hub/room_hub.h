#pragma once

#include <Poco/JSON/Object.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "cluster/delay_sharing.h"
#include "cluster/node_liveness.h"
#include "gateway/gateway.h"
#include "http/message.h"
#include "http/upgrade.h"
#include "hub/bus_message.h"
#include "hub/hub_config.h"
#include "hub/hub_session.h"
#include "hub/presence_batcher.h"
#include "hub/presence_store.h"
#include "hub/room_registry.h"
#include "hub/strand_pool.h"
#include "hub/upgrade_gate.h"
#include "hub/version_filter.h"
#include "playback/playback_engine.h"
#include "playback/playback_state.h"
#include "protocol/client_message.h"
#include "rooms/room_event_sink.h"
#include "rooms/room_service.h"
#include "util/periodic_task.h"

namespace streamit::realtime {
class RealtimeStore;
class Subscription;
}  // namespace streamit::realtime
namespace streamit::plugins {
class PluginManager;
}
namespace streamit::auth {
class WsAuthenticator;
}
namespace streamit::metrics {
class Registry;
class Counter;
}  // namespace streamit::metrics

// The realtime side of rooms on one node: joins members to rooms, runs their commands on the
// room's strand against the realtime store, fans events out through the gateway, and keeps the
// other nodes in step over the store's pub/sub (ARCHITECTURE.md §3.1–3.4).
//
// Threads: gateway callbacks arrive on I/O loops and only decode, rate-limit and answer
// time.ping there; everything touching the store, the database or a plugin is posted to the
// room's strand. Bus messages arrive on the store's subscriber thread and are posted too, so
// one room's state (RoomContext) is only ever touched by its strand.
namespace streamit::chat {
class ChatService;
}

namespace streamit::hub {

// A random id for this kernel process (12 hex digits).
std::string makeNodeId();

class RoomHub : public gateway::ConnectionHandler, public rooms::RoomEventSink {
 public:
  struct Dependencies {
    realtime::RealtimeStore& store;
    rooms::RoomService& rooms;
    chat::ChatService& chat;
    playback::PlaybackEngine& engine;
    plugins::PluginManager& plugins;
    const auth::WsAuthenticator& wsAuth;
    metrics::Registry& metrics;
  };

  // `nodeId` names this kernel on the bus and in presence (makeNodeId()).
  RoomHub(HubConfig config, Dependencies deps, std::string nodeId);
  ~RoomHub() override;
  RoomHub(const RoomHub&) = delete;
  RoomHub& operator=(const RoomHub&) = delete;

  // The gateway is built with this hub as its handler, so it is attached afterwards.
  void attach(gateway::Gateway& gateway) { gateway_ = &gateway; }
  void start();
  void stop();

  // The upgrade route's handler (HTTP pool thread): auth, Origin, room checks → accept.
  http::UpgradeDecision decideUpgrade(const http::Request& request) {
    return upgradeGate_.decide(request);
  }

  const std::string& nodeId() const { return nodeId_; }

  // gateway::ConnectionHandler (I/O loop threads)
  void onOpen(gateway::ConnectionId id, gateway::Session& session) override;
  void onText(gateway::ConnectionId id, gateway::Session& session, std::string_view text) override;
  void onClosed(gateway::ConnectionId id, gateway::Session& session, std::uint16_t code,
                std::string_view reason) override;
  void onRoundTrip(gateway::ConnectionId id, gateway::Session& session,
                   std::int64_t rttUs) override;

  // rooms::RoomEventSink (whichever thread applied the transition)
  void roomStateChanged(const std::string& code, const rooms::BroadcastRoomState& event) override;
  void closeRoomMembers(const std::string& code, int closeCode, const std::string& reason) override;

 private:
  using Clock = std::int64_t (*)();

  std::shared_ptr<RoomContext> context(const std::string& code);
  std::shared_ptr<RoomContext> existingContext(const std::string& code);

  // Strand tasks.
  void join(gateway::ConnectionId id, const std::shared_ptr<Member>& member);
  void leave(gateway::ConnectionId id, const std::shared_ptr<Member>& member, std::uint16_t code);
  void handleMessage(gateway::ConnectionId id, const std::shared_ptr<Member>& member,
                     protocol::ClientMessage message);
  void handlePlayback(gateway::ConnectionId id, const Member& member,
                      const std::optional<std::string>& re, playback::PlaybackCommand command);
  playback::LoadResult loadState(const std::string& code);
  std::int64_t leadFor(RoomContext& room, std::int64_t nowMs) const;
  void handleBus(const std::string& code, const BusMessage& message);
  void flushPresence(const std::string& code);
  void resyncRoom(const std::string& code);
  // Multi-node lead: writes this node's delay summary for the room and reads the other nodes'
  // (room:{code}:delays, docs/realtime.md); forgetDelays removes this node's entry.
  void shareDelays(const std::string& code);
  void forgetDelays(const std::string& code);
  // What the node liveness job needs from the hub: the rooms served here, their strands, and
  // delay sharing after each beat.
  cluster::NodeLiveness::Hooks livenessHooks();

  // Fan-out helpers (strand).
  void deliverPlayback(RoomContext& room, const playback::PlaybackState& state);
  void sendSnapshot(gateway::ConnectionId id, const Member& member,
                    const playback::PlaybackState& state);
  void snapshotEveryone(RoomContext& room, const playback::PlaybackState& state);
  // This node found the realtime state lost and rebuilt it: tell the other nodes, re-register
  // presence, send every member a snapshot.
  void rebuiltHere(RoomContext& room, const playback::PlaybackState& state);
  void reregisterPresence(RoomContext& room, std::uint64_t epoch);
  void publish(const std::string& code, BusKind kind, std::string payload, std::uint64_t epoch = 0,
               std::uint64_t version = 0, int closeCode = 0);
  // The event to every member of `code` on this node, encoded once.
  void broadcastText(const std::string& code, const std::string& text);
  void sendText(gateway::ConnectionId id, const std::string& text);
  void sendError(gateway::ConnectionId id, const std::optional<std::string>& re,
                 const http::ErrorCode& code, const std::string& message,
                 const Poco::JSON::Object::Ptr& details = {});

  // Chat (room_hub_chat.cpp).
  void chatSend(gateway::ConnectionId id, const Member& member,
                const std::optional<std::string>& re, const std::string& text);
  void chatHistory(gateway::ConnectionId id, const Member& member,
                   const std::optional<std::string>& re,
                   const protocol::ChatHistoryRequest& request);
  void chatControl(gateway::ConnectionId id, const Member& member,
                   const std::optional<std::string>& re, const protocol::ClientBody& control);
  void flushChat(const std::string& code, bool force);
  void closeUserHere(RoomContext& room, const std::string& userId);
  bool isHost(const RoomContext& room, const Member& member) const;

  // Posts the due presence flushes, resyncs and chat batches to their strands.
  void tick();
  void purgeChatArchive();

  HubConfig config_;
  Dependencies deps_;
  gateway::Gateway* gateway_ = nullptr;
  std::string nodeId_;
  StrandPool strands_;
  // False on the in-process store: no other node can exist, so nothing is published.
  const bool multiNode_;
  PresenceStore presenceStore_;
  UpgradeGate upgradeGate_;

  // Serialises start() and stop().
  std::mutex lifecycleMutex_;
  bool started_ = false;

  RoomRegistry registry_;

  // tick() thread only: when the last presence window opened.
  std::chrono::steady_clock::time_point lastPresence_;

  util::PeriodicTask ticker_;
  util::PeriodicTask archivePurge_;
  cluster::DelaySharing delaySharing_;
  cluster::NodeLiveness liveness_;  // after everything its hooks reach

  metrics::Counter& commandsAccepted_;
  metrics::Counter& commandsRejected_;
  metrics::Counter& messagesInvalid_;
  metrics::Counter& messagesLimited_;
  metrics::Counter& busGaps_;
  metrics::Counter& rebuilds_;
};

}  // namespace streamit::hub
