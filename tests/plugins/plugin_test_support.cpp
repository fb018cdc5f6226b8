#include "plugin_test_support.h"

#include "config/plugin_config_check.h"
#include "support/process.h"

namespace streamit::plugins::testing {
namespace fs = std::filesystem;

fs::path fixturePath(const std::string& name) {
  return fs::path(STREAMIT_PLUGIN_FIXTURE_DIR) / ("libfixture_" + name + ".so");
}

fs::path installLibrary(const fs::path& source, const fs::path& directory,
                        const std::string& fileName, mode_t mode) {
  fs::create_directories(directory);
  ::chmod(directory.c_str(), 0755);  // independent of the test runner's umask
  fs::path target = directory / fileName;
  fs::copy_file(source, target, fs::copy_options::overwrite_existing);
  ::chmod(target.c_str(), mode);
  return target;
}

std::unique_ptr<realtime::RedisStore> unreachableRedisStore(metrics::Registry& metrics) {
  realtime::RealtimeConfig config;
  config.backend = realtime::RealtimeConfig::Backend::kRedis;
  config.redis.port = streamit::testing::freeTcpPort();
  config.redis.pool_size = 1;
  // Short timeouts and back-off so a refused connection fails each call quickly.
  config.redis.connect_timeout_ms = 200;
  config.redis.command_timeout_ms = 200;
  config.redis.reconnect_backoff_min_ms = 10;
  config.redis.reconnect_backoff_max_ms = 50;
  return std::make_unique<realtime::RedisStore>(config, metrics);
}

PluginsConfig oneInstance(const fs::path& directory, const std::string& id,
                          const std::string& library, const std::string& configJson,
                          bool required) {
  PluginsConfig config;
  config.directories = {directory.string()};
  PluginInstanceConfig instance;
  instance.id = id;
  instance.library = library;
  instance.required = required;
  instance.config_json = configJson;
  config.instances.push_back(instance);
  return config;
}

std::unique_ptr<PluginManager> loadSinglePlugin(const fs::path& library, const fs::path& directory,
                                                const std::string& fileName, const std::string& id,
                                                const std::string& configJson,
                                                realtime::RealtimeStore* store,
                                                metrics::Registry& metrics) {
  if (!fs::exists(directory / fileName))
    installLibrary(library, directory, fileName);
  PluginManagerOptions options;
  options.validator = &config::checkPluginConfig;
  options.store = store;
  options.metrics = &metrics;
  auto manager = std::make_unique<PluginManager>(options);
  manager->loadAll(oneInstance(directory, id, fileName, configJson));
  return manager;
}

}  // namespace streamit::plugins::testing
