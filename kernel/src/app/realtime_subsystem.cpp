#include "app/realtime_subsystem.h"

#include "log/logger.h"
#include "realtime/realtime_factory.h"

namespace streamit::app {

RealtimeSubsystem::RealtimeSubsystem(const realtime::RealtimeConfig& config,
                                     metrics::Registry& metrics)
    : store_(realtime::makeRealtimeStore(config, metrics)) {}

void RealtimeSubsystem::start() {
  const auto health = store_->checkHealth();
  log::Logger("realtime")
      .info("realtime store created", {{"backend", store_->backendName()},
                                       {"reachable", health.ok ? "yes" : "no"},
                                       {"detail", health.detail}});
}

}  // namespace streamit::app
