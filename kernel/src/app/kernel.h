#pragma once

#include <memory>
#include <vector>

#include "app/subsystem.h"
#include "auth/token_service.h"
#include "config/kernel_config.h"
#include "metrics/registry.h"
#include "ratelimit/rate_limiter.h"

namespace streamit::app {

class HttpSubsystem;

// One kernel process: storage → realtime → plugins → http, started in that order and stopped
// in reverse (the HTTP server stops accepting and drains before plugins are destroyed).
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

 private:
  config::KernelConfig config_;
  metrics::Registry metrics_;
  std::vector<std::unique_ptr<Subsystem>> subsystems_;   // in start order
  std::unique_ptr<ratelimit::RateLimiter> rateLimiter_;  // used by HTTP routes; outlives them
  std::unique_ptr<auth::TokenService> tokens_;           // used by HTTP routes; outlives them
  std::size_t started_ = 0;
  HttpSubsystem* http_ = nullptr;
};

}  // namespace streamit::app
