#include "app/plugins_subsystem.h"

#include "config/plugin_config_check.h"

namespace streamit::app {

std::unique_ptr<plugins::PluginManager> makePluginManager(realtime::RealtimeStore* store,
                                                          metrics::Registry* metrics,
                                                          sdk::AccountStoreV1* accounts) {
  plugins::PluginManagerOptions options;
  options.validator = &config::checkPluginConfig;
  options.store = store;
  options.metrics = metrics;
  options.accounts = accounts;
  return std::make_unique<plugins::PluginManager>(std::move(options));
}

PluginsSubsystem::PluginsSubsystem(const plugins::PluginsConfig& config,
                                   realtime::RealtimeStore& store, metrics::Registry& metrics,
                                   sdk::AccountStoreV1* accounts)
    : config_(config), manager_(makePluginManager(&store, &metrics, accounts)) {}

void PluginsSubsystem::start() {
  manager_->loadAll(config_);
}

}  // namespace streamit::app
