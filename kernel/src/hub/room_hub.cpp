#include "hub/room_hub.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>
#include <random>
#include <set>
#include <string_view>

#include "auth/ws_auth.h"
#include "chat/chat_service.h"
#include "cluster/host_alive.h"
#include "http/api_error.h"
#include "http/error_codes.h"
#include "hub/playback_lead.h"
#include "hub/presence_rules.h"
#include "hub/room_context.h"
#include "hub/snapshot.h"
#include "hub/source_resolver.h"
#include "log/logger.h"
#include "metrics/registry.h"
#include "playback/playback_engine.h"
#include "protocol/server_message.h"
#include "ratelimit/gcra.h"
#include "realtime/keys.h"
#include "realtime/realtime_store.h"
#include "rooms/close_codes.h"
#include "util/clock.h"
#include "ws/close_codes.h"
#include "ws/frame_writer.h"

namespace streamit::hub {
namespace {

using util::systemNowMs;
constexpr auto nowMs = &systemNowMs;

// Recent chat a joiner sees at once; older pages come from chat.history.
constexpr std::size_t kSnapshotChatMessages = 50;

ws::SharedFrame textFrame(const std::string& text) {
  return ws::encodeShared(ws::Opcode::kText, text);
}

constexpr auto kArchivePurgeInterval = std::chrono::minutes(1);

}  // namespace

std::string makeNodeId() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string id;
  for (int i = 0; i < 12; ++i)
    id.push_back("0123456789abcdef"[hex(device)]);
  return id;
}

RoomHub::RoomHub(HubConfig config, Dependencies deps, std::string nodeId)
    : config_(config),
      deps_(deps),
      nodeId_(std::move(nodeId)),
      strands_(config.workers),
      multiNode_(deps.store.backendName() != "memory"),
      presenceStore_(deps.store, nodeId_, std::chrono::seconds(config.presence_ttl_s)),
      // The gateway is attached after construction, so it is looked up when a socket arrives.
      upgradeGate_(deps.wsAuth, deps.rooms, deps.chat,
                   [this](int fd, std::shared_ptr<Member> member) {
                     gateway_->adopt(fd, std::make_unique<HubSession>(std::move(member)));
                   }),
      registry_(config.presence_list_max, deps.chat.config().batch_window_ms,
                deps.chat.config().batch_max),
      // Chat batches are due within their window (≤ 50 ms by default); presence is coalesced
      // over its own, longer window (tick() checks it).
      ticker_("hub.ticker",
              std::chrono::milliseconds(std::max<std::int64_t>(
                  5, std::min(config.presence_flush_ms, deps.chat.config().batch_window_ms / 2))),
              [this] { tick(); }),
      // At once on start: until its first beat the other nodes take this node's hosts for gone.
      // Retention of the optional chat archive is enforced by every node; deletes are idempotent.
      archivePurge_("chat.archive_purge", kArchivePurgeInterval, [this] { purgeChatArchive(); }),
      delaySharing_(deps.store, nodeId_, config.node_heartbeat_ms),
      liveness_(deps.store, deps.rooms, nodeId_, config.node_heartbeat_ms, livenessHooks()),
      commandsAccepted_(deps.metrics.counter("streamit_playback_commands_total",
                                             "Playback commands by outcome",
                                             {{"outcome", "accepted"}})),
      commandsRejected_(deps.metrics.counter("streamit_playback_commands_total",
                                             "Playback commands by outcome",
                                             {{"outcome", "rejected"}})),
      messagesInvalid_(deps.metrics.counter("streamit_ws_messages_refused_total",
                                            "WebSocket messages refused by reason",
                                            {{"reason", "invalid"}})),
      messagesLimited_(deps.metrics.counter("streamit_ws_messages_refused_total",
                                            "WebSocket messages refused by reason",
                                            {{"reason", "rate_limited"}})),
      busGaps_(deps.metrics.counter("streamit_bus_gaps_total",
                                    "Version gaps on the room bus repaired by a state fetch")),
      rebuilds_(deps.metrics.counter("streamit_playback_rebuilds_total",
                                     "Rooms whose realtime state was rebuilt under a new epoch")) {}

RoomHub::~RoomHub() {
  stop();
}

void RoomHub::start() {
  std::lock_guard lock(lifecycleMutex_);
  if (started_)
    return;
  started_ = true;
  strands_.start();
  lastPresence_ = std::chrono::steady_clock::now();
  ticker_.start();
  liveness_.start();
  if (deps_.chat.config().archive)
    archivePurge_.start();
}

void RoomHub::stop() {
  std::lock_guard lock(lifecycleMutex_);
  if (!started_)
    return;
  started_ = false;
  ticker_.stop();
  liveness_.stop();
  archivePurge_.stop();
  strands_.stop();
  registry_.clear();  // drops the bus subscriptions
}

std::shared_ptr<RoomContext> RoomHub::context(const std::string& code) {
  return registry_.getOrCreate(code);
}

std::shared_ptr<RoomContext> RoomHub::existingContext(const std::string& code) {
  return registry_.find(code);
}

// ---------------------------------------------------------------------------------------------
// Gateway callbacks (I/O loop threads): cheap work only.

void RoomHub::onOpen(gateway::ConnectionId id, gateway::Session& session) {
  auto& hubSession = static_cast<HubSession&>(session);
  auto member = hubSession.member;
  member->session_id = nodeId_ + "-" + std::to_string(id);
  strands_.post(member->room, [this, id, member] { join(id, member); });
}

void RoomHub::onText(gateway::ConnectionId id, gateway::Session& session, std::string_view text) {
  const std::int64_t receivedMs = nowMs();
  auto& hubSession = static_cast<HubSession&>(session);
  const auto verdict =
      ratelimit::gcra(hubSession.message_tat_ms, receivedMs,
                      ratelimit::Limit{config_.message_rate_per_s, config_.message_burst});
  if (!verdict.allowed) {
    messagesLimited_.inc();
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    details->set("retry_after_ms", verdict.retryAfterMs);
    sendError(id, std::nullopt, http::errors::kRateLimited, "too many messages; slow down",
              details);
    return;
  }
  hubSession.message_tat_ms = verdict.newTatMs;

  auto decoded = protocol::decodeClientMessage(text);
  if (auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
    messagesInvalid_.inc();
    sendError(id, error->id, http::errors::kInvalidMessage, error->message);
    return;
  }
  auto message = std::get<protocol::ClientMessage>(std::move(decoded));
  if (const auto* ping = std::get_if<protocol::TimePing>(&message.body)) {
    // Answered on the loop: a detour through the strand would add queueing delay to the very
    // round trip the client is measuring.
    sendText(id, protocol::timePongEvent(ping->t0, receivedMs, nowMs(), message.id));
    return;
  }
  auto member = hubSession.member;
  if (!multiNode_ && std::holds_alternative<protocol::PlaybackCommandMessage>(message.body)) {
    // On the in-process store a playback command costs microseconds and touches no database,
    // plugin or network: run it here when the room's strand is idle, saving two thread
    // wake-ups on the path every viewer waits on (docs/adr/0007).
    const auto inlineTask = [&] { handleMessage(id, member, std::move(message)); };
    if (strands_.tryRunInline(member->room, inlineTask))
      return;
  }
  strands_.post(member->room, [this, id, member, m = std::move(message)]() mutable {
    handleMessage(id, member, std::move(m));
  });
}

void RoomHub::onRoundTrip(gateway::ConnectionId /*id*/, gateway::Session& session,
                          std::int64_t rttUs) {
  static_cast<HubSession&>(session).member->rtt_us.store(rttUs);
}

void RoomHub::onClosed(gateway::ConnectionId id, gateway::Session& session, std::uint16_t code,
                       std::string_view /*reason*/) {
  auto member = static_cast<HubSession&>(session).member;
  strands_.post(member->room, [this, id, member, code] { leave(id, member, code); });
}

// ---------------------------------------------------------------------------------------------
// Strand tasks.

void RoomHub::join(gateway::ConnectionId id, const std::shared_ptr<Member>& member) {
  auto room = context(member->room);
  const std::string& code = member->room;
  if (!room->subscription) {
    // First member on this node: follow the room's bus. Messages are posted to the strand so
    // they are handled in order with this node's own commands.
    realtime::SubscriptionHandlers handlers;
    handlers.onMessage = [this, code](const std::string&, const std::string& text) {
      auto message = decodeBusMessage(text);
      if (!message || message->node == nodeId_)
        return;
      strands_.post(code, [this, code, m = std::move(*message)] { handleBus(code, m); });
    };
    handlers.onResubscribed = [this, code] {
      strands_.post(code, [this, code] { resyncRoom(code); });
    };
    try {
      room->subscription = deps_.store.subscribe({realtime::keys::roomChannel(code)}, handlers);
    } catch (const std::exception& e) {
      log::Logger("hub").warn("room bus subscribe failed", {{"room", code}, {"error", e.what()}});
    }
  }
  if (room->host_subject.empty()) {
    // Host privilege comes from the room record (re-read when this node first sees the room),
    // never from anything the connection claims.
    if (const auto record = deps_.rooms.find(code))
      room->host_subject = record->host_subject;
  }
  room->members[id] = member;
  gateway_->join(id, code);

  try {
    const auto loaded = loadState(code);
    presenceStore_.write(*member, loaded.state.epoch);
    if (loaded.rebuilt) {
      rebuiltHere(*room, loaded.state);
    } else {
      reregisterPresence(*room, loaded.state.epoch);
      // A member that joins while an event applied elsewhere is still on the bus gets the newer
      // state in its snapshot; tell the members already here too, so the late bus copy is
      // dropped as old and nobody's version goes backwards.
      const bool ahead = loaded.state.epoch > room->filter.epoch() ||
                         (loaded.state.epoch == room->filter.epoch() &&
                          loaded.state.version > room->filter.version());
      if (ahead && room->members.size() > 1)
        deliverPlayback(*room, loaded.state);
      else if (ahead)
        room->filter.reset(loaded.state.epoch, loaded.state.version);
      sendSnapshot(id, *member, loaded.state);
    }
  } catch (const util::BackendUnavailable& e) {
    // Without the realtime store there is no state to send: say so and let the client retry
    // instead of showing a room that is not there.
    sendError(id, std::nullopt, http::errors::kStateUnavailable, e.what());
    gateway_->close(id, ws::kCloseTryAgainLater, "realtime state unavailable");
    return;
  }
  if (member->is_host) {
    // After the snapshot, so the host (like everyone) sees the room state change as an event.
    try {
      deps_.rooms.applyEvent(code, rooms::LifecycleEvent::kHostConnected, nowMs());
    } catch (const std::exception& e) {
      log::Logger("hub").warn("host connect transition failed",
                              {{"room", code}, {"error", e.what()}});
    }
  }
  room->presence.joined(
      Participant{member->session_id, member->user_id, member->display_name, member->is_host});
  room->presencePending = true;
}

void RoomHub::leave(gateway::ConnectionId id, const std::shared_ptr<Member>& member,
                    std::uint16_t closeCode) {
  auto room = existingContext(member->room);
  if (!room || room->members.erase(id) == 0)
    return;
  room->buffering.erase(member->session_id);
  const std::string& code = member->room;
  gateway_->leave(id, code);
  room->presence.left(
      Participant{member->session_id, member->user_id, member->display_name, member->is_host});
  room->presencePending = true;
  if (room->members.empty())
    forgetDelays(code);  // before the closed check: it removes, never recreates, the key
  if (room->closed)
    return;
  try {
    // GRACE only when no connection of the host is left on any node.
    if (presenceStore_.remove(*member))
      deps_.rooms.applyEvent(code, cluster::hostLeftEvent(closeCode), nowMs());
  } catch (const std::exception& e) {
    log::Logger("hub").warn("leave bookkeeping failed", {{"room", code}, {"error", e.what()}});
  }
}

void RoomHub::handleMessage(gateway::ConnectionId id, const std::shared_ptr<Member>& member,
                            protocol::ClientMessage message) {
  auto room = existingContext(member->room);
  if (!room || room->members.find(id) == room->members.end())
    return;  // closed while the message waited
  try {
    std::visit(
        [&](auto& body) {
          using Body = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<Body, protocol::PlaybackCommandMessage>) {
            handlePlayback(id, *member, message.id, std::move(body.command));
          } else if constexpr (std::is_same_v<Body, protocol::SetSourceRequest>) {
            if (member->user_id != room->host_subject) {
              // Checked before resolving: a non-host must not make the server call a provider.
              commandsRejected_.inc();
              sendError(id, message.id, http::errors::kNotHost,
                        "only the host can change the source");
              return;
            }
            playback::PlaybackCommand command;
            command.action =
                playback::SetSourceCommand{resolveSource(deps_.plugins, body.provider, body.ref)};
            command.expected_version = body.expected_version;
            handlePlayback(id, *member, message.id, std::move(command));
          } else if constexpr (std::is_same_v<Body, protocol::RoomResync>) {
            sendSnapshot(id, *member, loadState(member->room).state);
          } else if constexpr (std::is_same_v<Body, protocol::PlaybackReport>) {
            if (body.buffering)
              room->buffering[member->session_id] = nowMs();
            else
              room->buffering.erase(member->session_id);
            if (message.id)
              sendText(id, protocol::ackEvent(*message.id, nowMs()));
          } else if constexpr (std::is_same_v<Body, protocol::ChatSend>) {
            chatSend(id, *member, message.id, body.text);
          } else if constexpr (std::is_same_v<Body, protocol::ChatHistoryRequest>) {
            chatHistory(id, *member, message.id, body);
          } else if constexpr (std::is_same_v<Body, protocol::ChatSetEnabled> ||
                               std::is_same_v<Body, protocol::ChatDelete> ||
                               std::is_same_v<Body, protocol::ChatMute> ||
                               std::is_same_v<Body, protocol::ChatKick>) {
            chatControl(id, *member, message.id, body);
          } else {
            // time.ping is answered on the I/O loop and never reaches the strand.
          }
        },
        message.body);
  } catch (const http::ApiError& e) {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    for (const auto& [key, value] : e.details())
      details->set(key, value);
    sendError(id, message.id, e.code(), e.what(), details);
  } catch (const util::BackendUnavailable& e) {
    // Never silently dropped: the sender learns the command did not apply.
    sendError(id, message.id, http::errors::kStateUnavailable, e.what());
  } catch (const std::exception& e) {
    log::Logger("hub").error("room message failed", {{"room", member->room}, {"error", e.what()}});
    sendError(id, message.id, http::errors::kInternalError, "the server could not handle this");
  }
}

playback::LoadResult RoomHub::loadState(const std::string& code) {
  try {
    return deps_.engine.load(code);
  } catch (const playback::RoomStateMissing&) {
    // Neither realtime state nor a durable snapshot: the room's first member. initialize()
    // is set-if-absent, so nodes racing here agree on one initial state.
    return deps_.engine.initialize(code);
  }
}

std::int64_t RoomHub::leadFor(RoomContext& room, std::int64_t nowMs) const {
  expireBufferingReports(room.buffering, nowMs);
  // Measured lead: every member's one-way delay is half its last ping round trip.
  return playbackLeadMs(oneWayDelaysMs(room.members), room.remote_delay_p90_ms,
                        !room.buffering.empty(), LeadSettings::from(config_));
}

void RoomHub::handlePlayback(gateway::ConnectionId id, const Member& member,
                             const std::optional<std::string>& re,
                             playback::PlaybackCommand command) {
  auto room = existingContext(member.room);
  if (!room)
    return;
  const bool isHost = !room->host_subject.empty() && member.user_id == room->host_subject;
  const std::int64_t now = nowMs();
  const std::int64_t lead = leadFor(*room, now);
  const auto apply = [&](const playback::KnownState* known) {
    return deps_.engine.apply(member.room, command, isHost, now, lead, known);
  };
  playback::ApplyResult applied;
  try {
    applied = apply(room->known_state ? &*room->known_state : nullptr);
  } catch (const playback::RoomStateMissing&) {
    loadState(member.room);
    applied = apply(nullptr);
  }
  room->known_state = playback::KnownState{applied.result.state, std::move(applied.json)};
  if (applied.rebuilt)
    rebuiltHere(*room, applied.result.state);
  const auto& result = applied.result;
  if (!result.accepted()) {
    commandsRejected_.inc();
    // CONFLICT carries the current state so the client can re-apply on it.
    sendText(id, protocol::rejectionEvent(re, result, nowMs()));
    return;
  }
  commandsAccepted_.inc();
  // Fan out first, then acknowledge: the host's own player follows the broadcast state.
  deliverPlayback(*room, result.state);
  if (re)
    sendText(id, protocol::ackEvent(*re, nowMs()));
}

void RoomHub::handleBus(const std::string& code, const BusMessage& message) {
  auto room = existingContext(code);
  if (!room)
    return;
  switch (message.kind) {
    case BusKind::kPlayback:
      switch (room->filter.observe(message.epoch, message.version)) {
        case VersionDecision::kDeliver:
          broadcastText(code, message.payload);
          break;
        case VersionDecision::kDrop:
          break;
        case VersionDecision::kGap:
          busGaps_.inc();
          resyncRoom(code);
          break;
      }
      break;
    case BusKind::kRebuilt: {
      const auto state = loadState(code).state;
      room->filter.reset(state.epoch, state.version);
      reregisterPresence(*room, state.epoch);
      snapshotEveryone(*room, state);
      break;
    }
    case BusKind::kClose:
      room->closed = true;
      forgetDelays(code);
      gateway_->closeGroup(code, static_cast<std::uint16_t>(message.close_code), message.payload);
      break;
    case BusKind::kKick:
      closeUserHere(*room, message.payload);
      break;
    case BusKind::kRoomState:
    case BusKind::kPresence:
    case BusKind::kChat:
      broadcastText(code, message.payload);
      break;
  }
}

void RoomHub::resyncRoom(const std::string& code) {
  auto room = existingContext(code);
  if (!room || room->members.empty())
    return;
  room->resyncPending = false;
  try {
    const auto loaded = loadState(code);
    if (loaded.rebuilt) {
      rebuiltHere(*room, loaded.state);
      return;
    }
    // Another node may have rebuilt while our bus subscription was down (its `rebuilt` message
    // never reached us): the epoch tells.
    reregisterPresence(*room, loaded.state.epoch);
    room->filter.reset(loaded.state.epoch, loaded.state.version);
    broadcastText(code, protocol::playbackStateEvent(loaded.state, nowMs()));
  } catch (const std::exception& e) {
    // Typically the store's first calls after it came back; retried on the next tick so the
    // members are not left on a state that may have been lost.
    room->resyncPending = true;
    log::Logger("hub").warn("room resync failed", {{"room", code}, {"error", e.what()}});
  }
}

void RoomHub::flushPresence(const std::string& code) {
  auto room = existingContext(code);
  if (!room)
    return;
  room->presencePending = false;
  const auto batch = room->presence.flush();
  std::int64_t count = 0;
  try {
    count = presenceStore_.viewerCount(code);
    deps_.rooms.reportViewerCount(code, count);
  } catch (const std::exception&) {
    count = static_cast<std::int64_t>(room->members.size());
  }
  if (!batch.empty()) {
    for (const auto& text : presenceEvents(batch, count, nowMs())) {
      broadcastText(code, text);
      publish(code, BusKind::kPresence, text);
    }
  }
  if (room->members.empty() && !room->presence.pending())
    registry_.erase(code);  // drops the bus subscription
}

void RoomHub::shareDelays(const std::string& code) {
  auto room = existingContext(code);
  if (!room || room->members.empty() || room->closed)
    return;
  try {
    room->remote_delay_p90_ms =
        delaySharing_.exchange(code, oneWayDelaysMs(room->members), nowMs());
  } catch (const std::exception& e) {
    // The last summaries read stay in use; the next beat tries again.
    log::Logger("hub").warn("sharing member delays failed", {{"room", code}, {"error", e.what()}});
  }
}

void RoomHub::forgetDelays(const std::string& code) {
  if (multiNode_)
    delaySharing_.forget(code);
}

cluster::NodeLiveness::Hooks RoomHub::livenessHooks() {
  cluster::NodeLiveness::Hooks hooks;
  hooks.localRooms = [this] { return registry_.codes(); };
  hooks.post = [this](const std::string& code, std::function<void()> task) {
    strands_.post(code, std::move(task));
  };
  // Only rooms this node serves, and only with other nodes to tell: its members' delays are
  // what the other nodes need.
  if (multiNode_)
    hooks.afterBeat = [this](const std::string& code) { shareDelays(code); };
  return hooks;
}

// ---------------------------------------------------------------------------------------------
// Fan-out helpers.

void RoomHub::deliverPlayback(RoomContext& room, const playback::PlaybackState& state) {
  room.filter.reset(state.epoch, state.version);
  const std::string text = protocol::playbackStateEvent(state, nowMs());
  broadcastText(room.code, text);
  publish(room.code, BusKind::kPlayback, text, state.epoch, state.version);
}

void RoomHub::sendSnapshot(gateway::ConnectionId id, const Member& member,
                           const playback::PlaybackState& state) {
  SnapshotInput input;
  input.you = member;
  input.playback = state;
  input.server_ms = nowMs();
  input.room = deps_.rooms.find(member.room);
  const std::string& code = member.room;
  try {
    input.participant_count = presenceStore_.viewerCount(code);
    // The full list only while it is small: reading 5,000 entries on every join would make a
    // ramp O(N²) in store traffic. Larger rooms get the count and this node's members.
    if (input.participant_count <= static_cast<std::int64_t>(config_.snapshot_participants_max)) {
      input.participants = presenceStore_.participants(code);
      input.participants_complete = true;
    } else if (auto room = existingContext(code)) {
      for (const auto& [connection, other] : room->members) {
        if (input.participants.size() >= config_.snapshot_participants_max)
          break;
        input.participants.emplace(other->session_id, participantJson(*other));
      }
    }
    for (const auto& entry : deps_.chat.recent(code, kSnapshotChatMessages))
      input.chat.push_back(chat::toJsonText(entry));
  } catch (const util::BackendUnavailable&) {
    // The snapshot still carries the playback state it was asked for.
  }
  sendText(id, buildSnapshotEvent(input));
}

void RoomHub::rebuiltHere(RoomContext& room, const playback::PlaybackState& state) {
  rebuilds_.inc();
  publish(room.code, BusKind::kRebuilt, {}, state.epoch, state.version);
  room.filter.reset(state.epoch, state.version);
  reregisterPresence(room, state.epoch);
  snapshotEveryone(room, state);
}

void RoomHub::reregisterPresence(RoomContext& room, std::uint64_t epoch) {
  // A state rebuilt under a new epoch means the store lost the room's keys — presence included.
  // Members registered under an older epoch are written again (and announced, so every node's
  // members see them back); those registered under this epoch are not counted twice.
  for (const auto& [id, member] : room.members) {
    if (!needsPresenceWrite(member->presence_epoch, epoch))
      continue;
    presenceStore_.write(*member, epoch);
    room.presence.joined(
        Participant{member->session_id, member->user_id, member->display_name, member->is_host});
    room.presencePending = true;
  }
}

void RoomHub::snapshotEveryone(RoomContext& room, const playback::PlaybackState& state) {
  for (const auto& [id, member] : room.members)
    sendSnapshot(id, *member, state);
}

void RoomHub::publish(const std::string& code, BusKind kind, std::string payload,
                      std::uint64_t epoch, std::uint64_t version, int closeCode) {
  if (!multiNode_)
    return;  // an in-process store has no other node to tell
  try {
    deps_.store.publish(
        realtime::keys::roomChannel(code),
        encodeBusMessage({nodeId_, kind, epoch, version, closeCode, std::move(payload)}));
  } catch (const std::exception& e) {
    // Other nodes repair the miss: a version gap or a resubscribe makes them fetch the state.
    log::Logger("hub").warn("room bus publish failed", {{"room", code}, {"error", e.what()}});
  }
}

void RoomHub::broadcastText(const std::string& code, const std::string& text) {
  gateway_->broadcast(code, textFrame(text));
}

void RoomHub::sendText(gateway::ConnectionId id, const std::string& text) {
  gateway_->send(id, textFrame(text));
}

void RoomHub::sendError(gateway::ConnectionId id, const std::optional<std::string>& re,
                        const http::ErrorCode& code, const std::string& message,
                        const Poco::JSON::Object::Ptr& details) {
  sendText(id, protocol::errorEvent(re, code, message, nowMs(), details));
}

// ---------------------------------------------------------------------------------------------
// Room lifecycle events (rooms::RoomEventSink).

void RoomHub::roomStateChanged(const std::string& code, const rooms::BroadcastRoomState& event) {
  const std::string text =
      protocol::roomStateEvent(rooms::toString(event.state), event.grace_deadline_ms, nowMs());
  if (gateway_ != nullptr)
    broadcastText(code, text);
  publish(code, BusKind::kRoomState, text);
}

void RoomHub::closeRoomMembers(const std::string& code, int closeCode, const std::string& reason) {
  // Marked on the strand before the sockets close, so the leaves that follow skip their store
  // bookkeeping (the room's keys are being deleted).
  strands_.post(code, [this, code] {
    if (auto room = existingContext(code)) {
      room->closed = true;
      forgetDelays(code);  // after any delay write a node beat queued before the close
    }
  });
  if (gateway_ != nullptr)
    gateway_->closeGroup(code, static_cast<std::uint16_t>(closeCode), reason);
  publish(code, BusKind::kClose, reason, 0, 0, closeCode);
}

// ---------------------------------------------------------------------------------------------

void RoomHub::tick() {
  const auto tickNow = std::chrono::steady_clock::now();
  const bool presenceWindow =
      tickNow - lastPresence_ >= std::chrono::milliseconds(config_.presence_flush_ms);
  if (presenceWindow)
    lastPresence_ = tickNow;
  std::vector<std::string> presenceDue;
  std::vector<std::string> resyncDue;
  std::vector<std::string> chatDue;
  registry_.forEach([&](const std::string& code, RoomContext& room) {
    if (presenceWindow && room.presencePending)
      presenceDue.push_back(code);
    if (room.resyncPending)
      resyncDue.push_back(code);
    if (room.chatPending)
      chatDue.push_back(code);
  });
  for (const auto& code : presenceDue)
    strands_.post(code, [this, code] { flushPresence(code); });
  for (const auto& code : resyncDue)
    strands_.post(code, [this, code] { resyncRoom(code); });
  for (const auto& code : chatDue)
    strands_.post(code, [this, code] { flushChat(code, /*force=*/false); });
}

void RoomHub::purgeChatArchive() {
  try {
    deps_.chat.purgeArchive(nowMs());
  } catch (const std::exception& e) {
    log::Logger("hub").warn("chat archive purge failed", {{"error", e.what()}});
  }
}

}  // namespace streamit::hub
