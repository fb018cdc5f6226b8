#pragma once

#include <memory>

#include "app/subsystem.h"
#include "metrics/registry.h"
#include "plugins/plugin_manager.h"
#include "plugins/plugins_config.h"

namespace streamit::app {

// `plugins`: loads the configured plugin instances once, one at a time (no hot unload).
// A required plugin that fails refuses start-up; an optional one is skipped and reported.
class PluginsSubsystem : public Subsystem {
 public:
  // `accounts` (may be null) is handed to auth plugins as HostV2::accountStore().
  PluginsSubsystem(const plugins::PluginsConfig& config, realtime::RealtimeStore& store,
                   metrics::Registry& metrics, sdk::AccountStoreV1* accounts = nullptr);
  std::string name() const override { return "plugins"; }
  void start() override;
  // Plugins stay loaded until the kernel is destroyed: handles given out must not outlive
  // their libraries, and nothing unloads while the process runs.
  void stop() noexcept override {}

  plugins::PluginManager& manager() { return *manager_; }

 private:
  plugins::PluginsConfig config_;
  std::unique_ptr<plugins::PluginManager> manager_;
};

// Builds a PluginManager wired to the real config-schema validator (also used by
// `streamit plugins list`, which loads plugins without serving).
std::unique_ptr<plugins::PluginManager> makePluginManager(realtime::RealtimeStore* store,
                                                          metrics::Registry* metrics,
                                                          sdk::AccountStoreV1* accounts = nullptr);

}  // namespace streamit::app
