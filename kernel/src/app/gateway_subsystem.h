#pragma once

#include <atomic>
#include <memory>

#include "app/subsystem.h"
#include "chat/chat_config.h"
#include "http/message.h"
#include "http/upgrade.h"
#include "hub/hub_config.h"

namespace streamit::auth {
class WsAuthenticator;
}
namespace streamit::chat {
class ChatService;
}
namespace streamit::ratelimit {
class RateLimiter;
}
namespace streamit::gateway {
class Gateway;
}
namespace streamit::hub {
class DurableSnapshots;
class RoomHub;
}  // namespace streamit::hub
namespace streamit::metrics {
class Registry;
}
namespace streamit::playback {
class PlaybackEngine;
}

namespace streamit::app {

class PluginsSubsystem;
class RealtimeSubsystem;
class RoomsSubsystem;
class StorageSubsystem;

// The realtime side: playback engine, chat, room hub and the WebSocket I/O loops. Started after
// rooms and plugins (it needs the room service and the providers) and before HTTP, so the
// upgrade route only ever hands sockets to running loops; stopped right after HTTP, closing
// every connection with 1001 before the services behind it go away.
class GatewaySubsystem final : public Subsystem {
 public:
  struct Dependencies {
    StorageSubsystem& storage;
    RealtimeSubsystem& realtime;
    RoomsSubsystem& rooms;
    PluginsSubsystem& plugins;
    const auth::WsAuthenticator& wsAuth;
    ratelimit::RateLimiter& rateLimiter;
    metrics::Registry& metrics;
  };

  GatewaySubsystem(const hub::HubConfig& config, const chat::ChatConfig& chatConfig,
                   Dependencies deps);
  ~GatewaySubsystem() override;

  std::string name() const override { return "gateway"; }
  void start() override;
  void stop() noexcept override;

  // The WebSocket route's upgrade handler; 503 while not started.
  http::UpgradeDecision decideUpgrade(const http::Request& request);

 private:
  hub::HubConfig config_;
  chat::ChatConfig chatConfig_;
  Dependencies deps_;
  std::unique_ptr<chat::ChatService> chat_;
  std::unique_ptr<hub::DurableSnapshots> snapshots_;
  std::unique_ptr<playback::PlaybackEngine> engine_;
  std::unique_ptr<hub::RoomHub> hub_;
  std::unique_ptr<gateway::Gateway> gateway_;
  std::atomic<bool> running_{false};
};

}  // namespace streamit::app
