#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "app/subsystem.h"
#include "http/http_config.h"
#include "http/http_server.h"
#include "http/ops_routes.h"
#include "http/router.h"
#include "metrics/registry.h"

namespace streamit::app {

// `http`: the REST surface. Starts last so every route's dependencies are up; stops first,
// draining in-flight requests before anything they use is destroyed.
class HttpSubsystem : public Subsystem {
 public:
  // Adds its own routes to a Router; called once, before the server starts.
  using RouteGroup = std::function<void(http::Router&)>;

  HttpSubsystem(const http::HttpConfig& config, metrics::Registry& metrics,
                std::vector<http::ReadinessCheck> readiness, const std::vector<RouteGroup>& routes);
  std::string name() const override { return "http"; }
  void start() override;
  void stop() noexcept override;

  int port() const { return server_ ? server_->port() : 0; }

 private:
  http::HttpConfig config_;
  metrics::Registry& metrics_;
  http::Router router_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace streamit::app
