#include "app/kernel.h"

#include "app/gateway_subsystem.h"
#include "app/http_subsystem.h"
#include "app/plugins_subsystem.h"
#include "app/realtime_subsystem.h"
#include "app/rooms_subsystem.h"
#include "app/storage_subsystem.h"
#include "auth/auth_routes.h"
#include "log/logger.h"
#include "media/media_routes.h"
#include "rooms/room_routes.h"
#include "web/static_routes.h"

namespace streamit::app {

Kernel::Kernel(config::KernelConfig config) : config_(std::move(config)) {
  // Components are constructed here without I/O so later subsystems can hold references to
  // them (readiness checks, the plugin cache); start() does the I/O in order.
  auto storage = std::make_unique<StorageSubsystem>(config_.storage, config_.data_dir, metrics_);
  auto realtime = std::make_unique<RealtimeSubsystem>(config_.realtime, metrics_);
  // Rooms (issue #5): needs storage and realtime started; its routes reach the service per
  // request because the service is only built in RoomsSubsystem::start().
  auto rooms = std::make_unique<RoomsSubsystem>(config_.rooms, *storage, *realtime);
  rooms_ = rooms.get();
  // The accounts table for auth plugins (ADR 0004): queried only when a plugin calls it, after
  // storage has started.
  accounts_ = std::make_unique<auth::AccountRepository>(storage->database());
  accountStore_ = std::make_unique<auth::AccountStoreHost>(*accounts_);
  auto plugins = std::make_unique<PluginsSubsystem>(config_.plugins, realtime->store(), metrics_,
                                                    accountStore_.get());
  rateLimiter_ = std::make_unique<ratelimit::RateLimiter>(realtime->store(), metrics_);
  // Loading the keys may create the generated key file under data_dir (local and quick); a
  // key set that cannot be loaded refuses start-up here, before anything listens.
  tokens_ = std::make_unique<auth::TokenService>(
      auth::TokenKeys::fromConfig(config_.auth, config_.data_dir),
      auth::TokenPolicy::fromConfig(config_.auth));
  auth_ = std::make_unique<auth::AuthServices>(*tokens_, realtime->store(), config_.auth);
  auto gateway = std::make_unique<GatewaySubsystem>(
      config_.gateway, config_.chat,
      GatewaySubsystem::Dependencies{*storage, *realtime, *rooms, *plugins, auth_->webSocket(),
                                     *rateLimiter_, metrics_});
  gateway_ = gateway.get();
  auto* pluginManager = &plugins->manager();
  const std::vector<HttpSubsystem::RouteGroup> routes = {
      [this, pluginManager](http::Router& router) {
        media::addMediaRoutes(router, *pluginManager, *rateLimiter_, config_.media);
      },
      [this, pluginManager](http::Router& router) {
        auth::addAuthRoutes(router, *pluginManager, *auth_, *rateLimiter_);
      },
      [this](http::Router& router) {
        // The room WebSocket (issue #8): refusals are HTTP errors, accepted sockets go to the
        // gateway's I/O loops and the pool thread returns.
        router.addUpgrade("/api/v1/rooms/{code}/ws", [this](const http::Request& request) {
          return gateway_->decideUpgrade(request);
        });
      },
      [this](http::Router& router) {
        rooms::addRoomRoutes(
            router, [this]() -> rooms::RoomService& { return rooms_->service(); },
            auth_->authorizer(), *rateLimiter_);
      },
      [this](http::Router& router) { web::addWebRoutes(router, config_.web); }};
  auto http = std::make_unique<HttpSubsystem>(
      config_.http, metrics_,
      std::vector<http::ReadinessCheck>{
          {&storage->database(), true}, {&realtime->store(), true}, {&plugins->manager(), true}},
      routes);
  http_ = http.get();
  subsystems_.push_back(std::move(storage));
  subsystems_.push_back(std::move(realtime));
  subsystems_.push_back(std::move(rooms));
  subsystems_.push_back(std::move(plugins));
  subsystems_.push_back(std::move(gateway));
  subsystems_.push_back(std::move(http));
}

Kernel::~Kernel() {
  stop();
  // Destroy in reverse construction order: HTTP before plugins before the store they use.
  while (!subsystems_.empty())
    subsystems_.pop_back();
}

void Kernel::start() {
  log::Logger logger("kernel");
  for (; started_ < subsystems_.size(); ++started_) {
    auto& subsystem = *subsystems_[started_];
    try {
      subsystem.start();
    } catch (const std::exception& e) {
      logger.error("subsystem refused to start",
                   {{"subsystem", subsystem.name()}, {"error", e.what()}});
      stop();
      throw;
    }
  }
}

void Kernel::stop() noexcept {
  while (started_ > 0) {
    --started_;
    subsystems_[started_]->stop();
  }
}

int Kernel::httpPort() const {
  return http_->port();
}

}  // namespace streamit::app
