#include "app/plugins_subsystem.h"

#include "config/plugin_config_check.h"

namespace streamit::app {

std::unique_ptr<plugins::PluginManager> makePluginManager(realtime::RealtimeStore* store,
                                                          metrics::Registry* metrics) {
  plugins::PluginManagerOptions options;
  options.validator = &config::checkPluginConfig;
  options.store = store;
  options.metrics = metrics;
  return std::make_unique<plugins::PluginManager>(std::move(options));
}

PluginsSubsystem::PluginsSubsystem(const plugins::PluginsConfig& config,
                                   realtime::RealtimeStore& store, metrics::Registry& metrics)
    : config_(config), manager_(makePluginManager(&store, &metrics)) {}

void PluginsSubsystem::start() {
  manager_->loadAll(config_);
}

}  // namespace streamit::app
