#include "app/http_subsystem.h"

#include "log/logger.h"

namespace streamit::app {

HttpSubsystem::HttpSubsystem(const http::HttpConfig& config, metrics::Registry& metrics,
                             std::vector<http::ReadinessCheck> readiness,
                             const std::vector<RouteGroup>& routes)
    : config_(config), metrics_(metrics) {
  http::addOpsRoutes(router_, metrics_, std::move(readiness));
  for (const auto& addRoutes : routes)
    addRoutes(router_);
}

void HttpSubsystem::start() {
  server_ = std::make_unique<http::HttpServer>(config_, router_, metrics_);
  server_->start();
  const std::string url = config_.public_base_url.empty()
                              ? "http://" + config_.host + ":" + std::to_string(server_->port())
                              : config_.public_base_url;
  log::Logger("http").info("listening", {{"url", url},
                                         {"threads", std::to_string(config_.threads)},
                                         {"max_queued", std::to_string(config_.max_queued)}});
}

void HttpSubsystem::stop() noexcept {
  if (server_)
    server_->stop();
  server_.reset();
}

}  // namespace streamit::app
