#pragma once

#include <memory>

#include "app/subsystem.h"
#include "metrics/registry.h"
#include "realtime/realtime_config.h"
#include "realtime/realtime_store.h"

namespace streamit::app {

// `realtime`: the shared realtime store (Redis or in-process). Starting never waits for Redis:
// a store that cannot reach it yet answers StoreUnavailable and /readyz says so.
class RealtimeSubsystem : public Subsystem {
 public:
  RealtimeSubsystem(const realtime::RealtimeConfig& config, metrics::Registry& metrics);
  std::string name() const override { return "realtime"; }
  void start() override;
  void stop() noexcept override {}

  realtime::RealtimeStore& store() { return *store_; }

 private:
  std::unique_ptr<realtime::RealtimeStore> store_;
};

}  // namespace streamit::app
