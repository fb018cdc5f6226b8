#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "log/logger.h"
#include "plugins/host_services.h"
#include "plugins/plugin_status.h"
#include "plugins/plugins_config.h"
#include "streamit/sdk/auth_scheme_v1.h"
#include "streamit/sdk/catalog_v1.h"
#include "streamit/sdk/chat_moderator_v1.h"
#include "streamit/sdk/playback_provider_v1.h"
#include "util/health.h"

namespace streamit::plugins {

// Validates an instance's config JSON against the schema JSON its plugin declares. Returns one
// message per problem, each naming the key ("base_url: is required"); empty = valid.
using ConfigValidator = std::function<std::vector<std::string>(std::string_view schemaJson,
                                                               std::string_view configJson)>;

// A required plugin did not load: start-up must stop.
class PluginStartupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PluginManagerOptions {
  ConfigValidator validator;                 // required
  realtime::RealtimeStore* store = nullptr;  // plugin caches; null → cache unavailable
  metrics::Registry* metrics = nullptr;      // plugin counters; null → dropped
  std::filesystem::path baseDirectory;       // resolves relative `directories` entries
  HttpLimits httpLimits;
  // The kernel's accounts table (HostV2::accountStore), granted to auth plugins only; null →
  // no plugin gets it. Must outlive every handle.
  sdk::AccountStoreV1* accounts = nullptr;
};

struct LoadedInstance;  // library + host + plugin object, destroyed in that reverse order

// Loads the configured plugins once at start-up and owns them until shutdown (no hot unload).
//
// Lifetime: every handle returned by the accessors shares ownership of its instance record, and
// the record owns the library, so a plugin object (and any code it points to) never outlives its
// library, even if a handle outlives the manager. `store`/`metrics` must outlive every handle.
// Thread safety: loadAll() runs once on the start-up thread; accessors, statuses() and
// checkHealth() are safe from any thread afterwards.
class PluginManager : public util::HealthCheck {
 public:
  explicit PluginManager(PluginManagerOptions options);
  // Destroys instances in reverse load order, then unloads their libraries.
  ~PluginManager() override;
  PluginManager(const PluginManager&) = delete;
  PluginManager& operator=(const PluginManager&) = delete;

  // Loads every instance in config order, one at a time. Each refusal is logged with its reason.
  // Throws PluginStartupError (after logging) when a required instance does not load; the
  // statuses up to and including it remain readable.
  const std::vector<PluginStatus>& loadAll(const PluginsConfig& config);

  std::vector<PluginStatus> statuses() const;

  // Loaded instances by role, in config order. Null / empty when none.
  std::vector<std::shared_ptr<sdk::PlaybackProviderV1>> providers() const;
  std::vector<std::shared_ptr<sdk::AuthSchemeV1>> authSchemes() const;
  std::vector<std::shared_ptr<sdk::ChatModeratorV1>> moderators() const;
  std::vector<std::shared_ptr<sdk::CatalogV1>> catalogs() const;
  std::shared_ptr<sdk::PlaybackProviderV1> provider(std::string_view id) const;
  std::shared_ptr<sdk::AuthSchemeV1> authScheme(std::string_view id) const;
  std::shared_ptr<sdk::ChatModeratorV1> moderator(std::string_view id) const;
  std::shared_ptr<sdk::CatalogV1> catalog(std::string_view id) const;

  // util::HealthCheck: "plugins"; not ok when a required plugin is not loaded; detail lists
  // every refusal/failure as "<id>: <reason>".
  std::string healthName() const override { return "plugins"; }
  util::HealthStatus checkHealth() override;

 private:
  PluginStatus loadOne(const PluginInstanceConfig& instance,
                       const std::vector<std::filesystem::path>& directories);
  template <class Interface>
  std::shared_ptr<Interface> find(std::string_view id) const;
  template <class Interface>
  std::vector<std::shared_ptr<Interface>> all() const;

  PluginManagerOptions options_;
  log::Logger logger_;
  mutable std::mutex mutex_;
  std::vector<PluginStatus> statuses_;
  std::vector<std::shared_ptr<LoadedInstance>> instances_;
};

}  // namespace streamit::plugins
