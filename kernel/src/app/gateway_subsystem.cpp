#include "app/gateway_subsystem.h"

#include "app/plugins_subsystem.h"
#include "app/realtime_subsystem.h"
#include "app/rooms_subsystem.h"
#include "app/storage_subsystem.h"
#include "chat/chat_service.h"
#include "gateway/gateway.h"
#include "http/error_codes.h"
#include "http/error_envelope.h"
#include "hub/durable_snapshots.h"
#include "hub/room_hub.h"
#include "playback/playback_engine.h"
#include "rooms/room_service.h"

namespace streamit::app {
namespace {

gateway::GatewayConfig gatewayConfig(const hub::HubConfig& config) {
  gateway::GatewayConfig out;
  out.io_threads = static_cast<int>(config.io_threads);
  out.max_message_bytes = config.max_message_bytes;
  out.max_outbound_bytes = config.max_outbound_bytes;
  out.heartbeat_interval_ms = config.heartbeat_interval_ms;
  out.probe_rtt_on_open = true;  // RoomHub::leadFor needs a delay before the first heartbeat
  return out;
}

}  // namespace

GatewaySubsystem::GatewaySubsystem(const hub::HubConfig& config, const chat::ChatConfig& chatConfig,
                                   Dependencies deps)
    : config_(config), chatConfig_(chatConfig), deps_(deps) {}

GatewaySubsystem::~GatewaySubsystem() {
  GatewaySubsystem::stop();
}

void GatewaySubsystem::start() {
  auto& roomService = deps_.rooms.service();
  snapshots_ = std::make_unique<hub::DurableSnapshots>(roomService.playbackSnapshots(),
                                                       deps_.storage.writeQueue());
  engine_ = std::make_unique<playback::PlaybackEngine>(deps_.realtime.store(), *snapshots_);
  const std::string nodeId = hub::makeNodeId();
  chat_ = std::make_unique<chat::ChatService>(
      deps_.realtime.store(), deps_.rateLimiter, deps_.plugins.manager(),
      deps_.storage.writeQueue(), deps_.storage.database(), chatConfig_, nodeId, deps_.metrics);
  hub_ = std::make_unique<hub::RoomHub>(
      config_,
      hub::RoomHub::Dependencies{deps_.realtime.store(), roomService, *chat_, *engine_,
                                 deps_.plugins.manager(), deps_.wsAuth, deps_.metrics},
      nodeId);
  gateway_ = std::make_unique<gateway::Gateway>(gatewayConfig(config_), *hub_, deps_.metrics);
  hub_->attach(*gateway_);
  hub_->start();
  gateway_->start();
  deps_.rooms.setEventSink(hub_.get());
  running_ = true;
}

void GatewaySubsystem::stop() noexcept {
  if (!hub_)
    return;
  running_ = false;
  // Connections first (their leaves still run on the hub's strands), then the hub, and only
  // then unhook the room service from a sink that is about to die.
  if (gateway_)
    gateway_->stop();
  hub_->stop();
  deps_.rooms.setEventSink(nullptr);
  gateway_.reset();
  hub_.reset();
  chat_.reset();
  engine_.reset();
  snapshots_.reset();
}

http::UpgradeDecision GatewaySubsystem::decideUpgrade(const http::Request& request) {
  if (!running_)
    return http::errorResponse(http::errors::kStateUnavailable,
                               "the realtime gateway is not running");
  return hub_->decideUpgrade(request);
}

}  // namespace streamit::app
