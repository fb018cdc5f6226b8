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
#include "http/api_error.h"
#include "http/error_codes.h"
#include "hub/delay_summary.h"
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
// Covers send and decode time on the server and the client's frame scheduling.
constexpr std::int64_t kLeadMarginMs = 20;

ws::SharedFrame textFrame(const std::string& text) {
  return ws::encodeShared(ws::Opcode::kText, text);
}

// A node's entry in room:{code}:delays is written every node beat and trusted for this many
// beats (also the key's TTL): a node that stopped writing drops out of the other nodes' leads.
constexpr std::int64_t kDelaySummaryBeats = 3;

// Every measured member's one-way delay (ms): half its last ping round trip.
std::vector<double> oneWayDelaysMs(
    const std::unordered_map<gateway::ConnectionId, std::shared_ptr<Member>>& members) {
  std::vector<double> oneWayMs;
  oneWayMs.reserve(members.size());
  for (const auto& [id, member] : members) {
    const std::int64_t rttUs = member->rtt_us.load();
    if (rttUs >= 0)
      oneWayMs.push_back(static_cast<double>(rttUs) / 2000.0);
  }
  return oneWayMs;
}

std::string participantValue(const Member& member) {
  Poco::JSON::Object value;
  value.set("user_id", member.user_id);
  value.set("display_name", member.display_name);
  value.set("is_host", member.is_host);
  std::ostringstream out;
  value.stringify(out);
  return out.str();
}

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
  strands_.start();
  std::lock_guard lock(tickerMutex_);
  tickerStop_ = false;
  ticker_ = std::thread([this] { tickerLoop(); });
}

void RoomHub::stop() {
  {
    std::lock_guard lock(tickerMutex_);
    if (tickerStop_)
      return;
    tickerStop_ = true;
  }
  tickerWake_.notify_all();
  if (ticker_.joinable())
    ticker_.join();
  strands_.stop();
  std::lock_guard lock(roomsMutex_);
  rooms_.clear();  // drops the bus subscriptions
}

std::shared_ptr<RoomHub::RoomContext> RoomHub::context(const std::string& code) {
  std::lock_guard lock(roomsMutex_);
  auto& slot = rooms_[code];
  if (!slot)
    slot = std::make_shared<RoomContext>(code, config_.presence_list_max,
                                         deps_.chat.config().batch_window_ms,
                                         deps_.chat.config().batch_max);
  return slot;
}

std::shared_ptr<RoomHub::RoomContext> RoomHub::existingContext(const std::string& code) {
  std::lock_guard lock(roomsMutex_);
  const auto it = rooms_.find(code);
  return it == rooms_.end() ? nullptr : it->second;
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
    writePresence(*member, loaded.state.epoch);
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
    const auto ttl = std::chrono::seconds(config_.presence_ttl_s);
    if (member->presence_epoch != 0) {  // 0: its join failed before presence was written
      deps_.store.hdel(realtime::keys::roomParticipants(code), {member->session_id});
      deps_.store.incrBy(realtime::keys::roomViewerCount(code), -1, ttl);
    }
    if (member->is_host) {
      deps_.store.hdel(realtime::keys::roomHostStatus(code), {member->session_id});
      // GRACE only when no connection of the host is left on any node (two tabs, a reconnect
      // that landed before the old socket's close was noticed).
      if (deps_.store.hgetall(realtime::keys::roomHostStatus(code)).empty()) {
        const auto event = closeCode == ws::kCloseGoingAway || closeCode == ws::kCloseServerError
                               ? rooms::LifecycleEvent::kHeartbeatMissed
                               : rooms::LifecycleEvent::kHostDisconnected;
        deps_.rooms.applyEvent(code, event, nowMs());
      }
    }
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
  // Buffering policy: while members report buffering, a scheduled start waits for them — but
  // only up to buffering_wait_ms, so one stuck client cannot hold the room. Reports older than
  // kBufferingReportTtlMs are ignored (a client that vanished mid-buffer).
  constexpr std::int64_t kBufferingReportTtlMs = 30'000;
  std::erase_if(room.buffering,
                [&](const auto& entry) { return nowMs - entry.second > kBufferingReportTtlMs; });
  // Measured lead: every member's one-way delay is half its last ping round trip.
  const std::vector<double> oneWayMs = oneWayDelaysMs(room.members);
  const playback::LeadPolicy policy{config_.playback_lead_min_ms, config_.playback_lead_max_ms,
                                    kLeadMarginMs, config_.playback_lead_ms};
  std::int64_t lead = playback::computeLeadMs(oneWayMs, policy);
  // Members on other nodes count through their node's p90. The room's true p90 cannot be
  // rebuilt from per-node p90s, but it is never above the largest of them (90% of every node's
  // members are at or below it), so the slowest p90 of all nodes is a safe bound: no node's
  // majority is started late, and one slow node costs no more than one slow member does here.
  if (!room.remote_delay_p90_ms.empty()) {
    std::int64_t slowest = 0;
    for (const auto& [node, p90Ms] : room.remote_delay_p90_ms)
      slowest = std::max(slowest, p90Ms);
    const std::array<double, 1> remote{static_cast<double>(slowest)};
    const std::int64_t remoteLead = playback::computeLeadMs(remote, policy);
    lead = oneWayMs.empty() ? remoteLead : std::max(lead, remoteLead);
  }
  if (room.buffering.empty())
    return lead;
  return std::max(lead, config_.buffering_wait_ms);
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
    const auto stored = deps_.store.get(realtime::keys::roomViewerCount(code));
    count = stored ? std::stoll(*stored) : 0;
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
  if (room->members.empty() && !room->presence.pending()) {
    std::lock_guard lock(roomsMutex_);
    rooms_.erase(code);  // drops the bus subscription
  }
}

void RoomHub::shareDelays(const std::string& code) {
  auto room = existingContext(code);
  if (!room || room->members.empty() || room->closed)
    return;
  const auto key = realtime::keys::roomDelays(code);
  const std::int64_t now = nowMs();
  const std::int64_t trustedMs = kDelaySummaryBeats * config_.node_heartbeat_ms;
  try {
    const auto local = oneWayDelaysMs(room->members);
    if (const auto p90 = playback::delayP90(local)) {
      // Rounded up: a shared summary never makes a lead shorter than this node's own would be.
      const DelaySummary summary{static_cast<std::int64_t>(std::ceil(*p90)),
                                 static_cast<std::int64_t>(local.size()), now};
      deps_.store.hset(key, {{nodeId_, encodeDelaySummary(summary)}},
                       std::chrono::milliseconds(trustedMs));
    }
    // The key's TTL is refreshed by every writer, so entries age out by their own timestamp: a
    // node that died (or left without its hdel landing) is dropped here, and its field deleted.
    std::unordered_map<std::string, std::int64_t> remote;
    std::vector<std::string> lapsed;
    for (const auto& [node, text] : deps_.store.hgetall(key)) {
      if (node == nodeId_)
        continue;
      const auto summary = decodeDelaySummary(text);
      if (!summary)
        continue;  // not ours to judge; its writer's TTL ends it
      if (now - summary->written_ms > trustedMs)
        lapsed.push_back(node);
      else
        remote.emplace(node, summary->p90_ms);
    }
    room->remote_delay_p90_ms = std::move(remote);
    if (!lapsed.empty())
      deps_.store.hdel(key, lapsed);
  } catch (const std::exception& e) {
    // The last summaries read stay in use; the next beat tries again.
    log::Logger("hub").warn("sharing member delays failed", {{"room", code}, {"error", e.what()}});
  }
}

void RoomHub::forgetDelays(const std::string& code) {
  if (!multiNode_)
    return;
  try {
    deps_.store.hdel(realtime::keys::roomDelays(code), {nodeId_});
  } catch (const std::exception& e) {
    // The entry's timestamp and the key's TTL retire it anyway.
    log::Logger("hub").warn("removing member delays failed", {{"room", code}, {"error", e.what()}});
  }
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
    const auto stored = deps_.store.get(realtime::keys::roomViewerCount(code));
    input.participant_count = stored ? std::stoll(*stored) : 0;
    // The full list only while it is small: reading 5,000 entries on every join would make a
    // ramp O(N²) in store traffic. Larger rooms get the count and this node's members.
    if (input.participant_count <= static_cast<std::int64_t>(config_.snapshot_participants_max)) {
      input.participants = deps_.store.hgetall(realtime::keys::roomParticipants(code));
      input.participants_complete = true;
    } else if (auto room = existingContext(code)) {
      for (const auto& [connection, other] : room->members) {
        if (input.participants.size() >= config_.snapshot_participants_max)
          break;
        input.participants.emplace(other->session_id, participantValue(*other));
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

void RoomHub::writePresence(Member& member, std::uint64_t epoch) {
  const auto ttl = std::chrono::seconds(config_.presence_ttl_s);
  deps_.store.hset(realtime::keys::roomParticipants(member.room),
                   {{member.session_id, participantValue(member)}}, ttl);
  if (member.is_host)
    deps_.store.hset(realtime::keys::roomHostStatus(member.room), {{member.session_id, nodeId_}},
                     ttl);
  deps_.store.incrBy(realtime::keys::roomViewerCount(member.room), 1, ttl);
  member.presence_epoch = epoch;
}

void RoomHub::reregisterPresence(RoomContext& room, std::uint64_t epoch) {
  // A state rebuilt under a new epoch means the store lost the room's keys — presence included.
  // Members registered under an older epoch are written again (and announced, so every node's
  // members see them back); those registered under this epoch are not counted twice.
  for (const auto& [id, member] : room.members) {
    if (member->presence_epoch >= epoch)
      continue;
    writePresence(*member, epoch);
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

void RoomHub::tickerLoop() {
  auto lastNodeBeat = std::chrono::steady_clock::now() - std::chrono::hours(1);
  const std::int64_t tickMs = std::max<std::int64_t>(
      5, std::min(config_.presence_flush_ms, deps_.chat.config().batch_window_ms / 2));
  auto lastPresence = std::chrono::steady_clock::now();
  // Retention of the optional chat archive is enforced by every node; deletes are idempotent.
  constexpr auto kArchivePurgeInterval = std::chrono::minutes(1);
  auto lastArchivePurge = std::chrono::steady_clock::now();
  std::unique_lock lock(tickerMutex_);
  while (!tickerStop_) {
    // Chat batches are due within their window (≤ 50 ms by default); presence is coalesced
    // over its own, longer window (flushPresence checks it).
    tickerWake_.wait_for(lock, std::chrono::milliseconds(tickMs));
    if (tickerStop_)
      break;
    const auto tickNow = std::chrono::steady_clock::now();
    const bool presenceWindow =
        tickNow - lastPresence >= std::chrono::milliseconds(config_.presence_flush_ms);
    if (presenceWindow)
      lastPresence = tickNow;
    std::vector<std::string> presenceDue;
    std::vector<std::string> resyncDue;
    std::vector<std::string> chatDue;
    {
      std::lock_guard roomsLock(roomsMutex_);
      for (const auto& [code, room] : rooms_) {
        if (presenceWindow && room->presencePending)
          presenceDue.push_back(code);
        if (room->resyncPending)
          resyncDue.push_back(code);
        if (room->chatPending)
          chatDue.push_back(code);
      }
    }
    for (const auto& code : presenceDue)
      strands_.post(code, [this, code] { flushPresence(code); });
    for (const auto& code : resyncDue)
      strands_.post(code, [this, code] { resyncRoom(code); });
    for (const auto& code : chatDue)
      strands_.post(code, [this, code] { flushChat(code, /*force=*/false); });
    const auto now = std::chrono::steady_clock::now();
    if (deps_.chat.config().archive && now - lastArchivePurge >= kArchivePurgeInterval) {
      lastArchivePurge = now;
      lock.unlock();
      try {
        deps_.chat.purgeArchive(nowMs());
      } catch (const std::exception& e) {
        log::Logger("hub").warn("chat archive purge failed", {{"error", e.what()}});
      }
      lock.lock();
    }
    if (now - lastNodeBeat >= std::chrono::milliseconds(config_.node_heartbeat_ms)) {
      lastNodeBeat = now;
      lock.unlock();
      beatNode();
      lock.lock();
    }
  }
}

void RoomHub::beatNode() {
  try {
    deps_.store.set(realtime::keys::nodeAlive(nodeId_), "1",
                    std::chrono::milliseconds(3 * config_.node_heartbeat_ms));
  } catch (const std::exception& e) {
    log::Logger("hub").warn("node heartbeat failed", {{"error", e.what()}});
    return;
  }
  std::set<std::string> codes;
  {
    std::lock_guard roomsLock(roomsMutex_);
    for (const auto& [code, room] : rooms_)
      codes.insert(code);
  }
  if (multiNode_) {
    // Only rooms this node serves: its members' delays are what the other nodes need.
    for (const auto& code : codes)
      strands_.post(code, [this, code] { shareDelays(code); });
  }
  // Every orphanCheckEvery-th beat, also the LIVE rooms this node has no member in: a room
  // whose members were all on a crashed node would otherwise stay LIVE forever (a ghost).
  if (++beats_ % kOrphanCheckEvery == 0) {
    try {
      std::string after;
      for (std::size_t page = 0; page < kOrphanCheckPages; ++page) {
        const auto live = deps_.rooms.repository().live(after, kOrphanCheckPageSize);
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
    strands_.post(code, [this, code] { checkHostAlive(code); });
}

void RoomHub::checkHostAlive(const std::string& code) {
  try {
    const auto hostKey = realtime::keys::roomHostStatus(code);
    auto entries = deps_.store.hgetall(hostKey);
    if (entries.empty())
      return;
    std::vector<std::string> dead;
    for (const auto& [session, node] : entries) {
      if (node != nodeId_ && !deps_.store.get(realtime::keys::nodeAlive(node)))
        dead.push_back(session);
    }
    if (dead.empty())
      return;
    // The host's node stopped beating (crashed or cut off): its connections will never send a
    // close, so a surviving node declares the host gone. Only entries that exist and point to a
    // dead node count: an empty hash may just mean Redis lost it, and says nothing.
    deps_.store.hdel(hostKey, dead);
    if (deps_.store.hgetall(hostKey).empty())
      deps_.rooms.applyEvent(code, rooms::LifecycleEvent::kHeartbeatMissed, nowMs());
  } catch (const std::exception& e) {
    log::Logger("hub").warn("host liveness check failed", {{"room", code}, {"error", e.what()}});
  }
}

}  // namespace streamit::hub
