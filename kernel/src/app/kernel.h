#pragma once

#include <memory>
#include <vector>

#include "app/subsystem.h"
#include "auth/account_repository.h"
#include "auth/account_store_host.h"
#include "auth/auth_services.h"
#include "auth/token_service.h"
#include "config/kernel_config.h"
#include "metrics/registry.h"
#include "ratelimit/rate_limiter.h"

namespace streamit::app {

class HttpSubsystem;
class GatewaySubsystem;
class RoomsSubsystem;

// One kernel process: storage → realtime → rooms → plugins → gateway → http, started in that order
// and stopped in reverse (the HTTP server stops accepting and drains before plugins are destroyed).
class Kernel {
 public:
  explicit Kernel(config::KernelConfig config);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // Throws when a subsystem refuses to start; the ones already started are stopped first.
  void start();
  void stop() noexcept;

  int httpPort() const;
  metrics::Registry& metrics() { return metrics_; }
  // The rooms subsystem: setEventSink() plugs in the realtime hub; service() once started.
  RoomsSubsystem& rooms() { return *rooms_; }

 private:
  config::KernelConfig config_;
  metrics::Registry metrics_;
  std::vector<std::unique_ptr<Subsystem>> subsystems_;   // in start order
  std::unique_ptr<ratelimit::RateLimiter> rateLimiter_;  // used by HTTP routes; outlives them
  std::unique_ptr<auth::TokenService> tokens_;           // used by HTTP routes; outlives them
  // The one authorization path (revocation-checking Authorizer, sessions, ws tickets and
  // WebSocket auth); used by HTTP routes and the gateway, outlives them.
  std::unique_ptr<auth::AuthServices> auth_;
  // HostV2::accountStore for auth plugins; outlives the plugins subsystem.
  std::unique_ptr<auth::AccountRepository> accounts_;
  std::unique_ptr<auth::AccountStoreHost> accountStore_;
  std::size_t started_ = 0;
  HttpSubsystem* http_ = nullptr;
  RoomsSubsystem* rooms_ = nullptr;
  GatewaySubsystem* gateway_ = nullptr;
};

}  // namespace streamit::app
