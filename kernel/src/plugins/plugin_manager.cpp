#include "plugins/plugin_manager.h"

#include <boost/dll/shared_library.hpp>
#include <exception>
#include <set>
#include <utility>

#include "plugins/library_checks.h"
#include "streamit/sdk/types.h"

namespace streamit::plugins {
namespace fs = std::filesystem;

// Members are destroyed in reverse order: the plugin object first (destructor body), then the
// host it may still reference, then the library whose code both ran.
struct LoadedInstance {
  std::string id;
  StreamItPluginKind kind = 0;
  std::shared_ptr<boost::dll::shared_library> library;
  std::unique_ptr<HostServices> host;
  void* object = nullptr;
  void (*destroy)(void*) = nullptr;

  LoadedInstance() = default;
  LoadedInstance(const LoadedInstance&) = delete;
  LoadedInstance& operator=(const LoadedInstance&) = delete;
  ~LoadedInstance() {
    if (object != nullptr && destroy != nullptr)
      destroy(object);
  }
};

namespace {

constexpr std::string_view kKernelToolchain = STREAMIT_SDK_TOOLCHAIN_TAG;

void collectCreateError(void* context, StreamItStr message) {
  try {
    static_cast<std::string*>(context)->assign(sdk::view(message));
  } catch (...) {
    // Out of memory while reporting: the generic reason is used instead.
  }
}

}  // namespace

PluginManager::PluginManager(PluginManagerOptions options)
    : options_(std::move(options)), logger_("plugins") {
  if (!options_.validator)
    throw std::invalid_argument("PluginManager needs a config validator");
}

PluginManager::~PluginManager() {
  std::lock_guard lock(mutex_);
  while (!instances_.empty())
    instances_.pop_back();  // reverse load order
}

const std::vector<PluginStatus>& PluginManager::loadAll(const PluginsConfig& config) {
  std::vector<fs::path> directories;
  for (const std::string& d : config.directories) {
    fs::path dir(d);
    if (dir.is_relative()) {
      if (options_.baseDirectory.empty()) {
        logger_.warn("relative plugin directory ignored (no base directory)", {{"directory", d}});
        continue;
      }
      dir = options_.baseDirectory / dir;
    }
    directories.push_back(dir.lexically_normal());
  }
  for (const PluginInstanceConfig& instance : config.instances) {
    PluginStatus status = loadOne(instance, directories);
    {
      std::lock_guard lock(mutex_);
      statuses_.push_back(status);
    }
    if (status.state == LoadState::kLoaded) {
      logger_.info("plugin loaded", {{"plugin", status.id},
                                     {"version", status.version},
                                     {"kind", status.kind},
                                     {"abi", status.abi}});
      continue;
    }
    log::Fields fields{{"plugin", status.id},
                       {"library", status.library},
                       {"status", std::string(loadStateName(status.state))},
                       {"reason", status.reason},
                       {"required", status.required ? "true" : "false"}};
    if (status.required) {
      logger_.error("required plugin not loaded", fields);
      throw PluginStartupError("required plugin " + status.id + " not loaded: " + status.reason);
    }
    logger_.warn("optional plugin skipped", fields);
  }
  return statuses_;
}

PluginStatus PluginManager::loadOne(const PluginInstanceConfig& instance,
                                    const std::vector<fs::path>& directories) {
  PluginStatus status;
  status.id = instance.id;
  status.library = instance.library;
  status.required = instance.required;
  auto refuse = [&](LoadState state, std::string reason) {
    status.state = state;
    status.reason = std::move(reason);
    return status;
  };
  {
    std::lock_guard lock(mutex_);
    for (const auto& s : statuses_) {
      if (s.id == instance.id)
        return refuse(LoadState::kRefused, "duplicate plugin id");
    }
  }

  // 1. File-system and ELF checks: nothing of the library runs yet.
  fs::path path;
  if (auto reason = locateLibrary(directories, instance.library, path)) {
    return refuse(LoadState::kRefused, *reason);
  }
  if (auto reason = checkEntrySymbol(path))
    return refuse(LoadState::kRefused, *reason);

  // 2. dlopen (runs the library's constructors) and read the descriptor.
  auto record = std::make_shared<LoadedInstance>();
  record->id = instance.id;
  record->library = std::make_shared<boost::dll::shared_library>();
  const StreamItPluginDescriptor* descriptor = nullptr;
  try {
    record->library->load(boost::dll::fs::path(path.string()),
                          boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    auto& entry =
        record->library->get_alias<const StreamItPluginDescriptor*()>(STREAMIT_PLUGIN_ENTRY_SYMBOL);
    descriptor = entry();
  } catch (const std::exception& e) {
    return refuse(LoadState::kFailed, std::string("load failed: ") + e.what());
  } catch (...) {
    return refuse(LoadState::kFailed, "load failed: unknown exception from the entry function");
  }
  if (descriptor != nullptr && descriptor->struct_size >= sizeof(StreamItPluginDescriptor)) {
    status.version = sdk::toString(descriptor->version);
    status.kind = std::string(kindName(descriptor->kind));
    status.abi =
        std::to_string(descriptor->abi_major) + "." + std::to_string(descriptor->abi_minor);
  }
  if (auto reason = checkDescriptor(descriptor, instance.id, kKernelToolchain)) {
    return refuse(LoadState::kRefused, *reason);
  }

  // 3. Config validated against the plugin's own schema before create() sees it.
  std::vector<std::string> errors;
  try {
    errors = options_.validator(sdk::view(descriptor->config_schema), instance.config_json);
  } catch (const std::exception& e) {
    errors = {std::string("schema unusable: ") + e.what()};
  }
  if (!errors.empty()) {
    std::string reason = "invalid config: ";
    for (std::size_t i = 0; i < errors.size(); ++i) {
      reason += (i ? "; " : "") + instance.id + ": " + errors[i];
    }
    return refuse(LoadState::kRefused, reason);
  }

  // 4. create().
  record->kind = descriptor->kind;
  record->destroy = descriptor->destroy;
  // Durable accounts are an auth concern: no other kind of plugin is handed the table.
  record->host = std::make_unique<HostServices>(
      instance.id, instance.config_json, options_.store, options_.metrics, options_.httpLimits,
      descriptor->kind == STREAMIT_KIND_AUTH ? options_.accounts : nullptr);
  std::string createError;
  StreamItCreateArgs args{sizeof(StreamItCreateArgs),
                          0,
                          static_cast<void*>(static_cast<sdk::HostV1*>(record->host.get())),
                          record->host->configJson(),
                          &collectCreateError,
                          &createError,
                          static_cast<void*>(static_cast<sdk::HostV2*>(record->host.get()))};
  try {
    record->object = descriptor->create(&args);
  } catch (...) {
    // A plugin without the SDK's barrier let an exception out; its object state is unknown.
    return refuse(LoadState::kFailed, "create failed: exception escaped create()");
  }
  if (record->object == nullptr) {
    return refuse(LoadState::kFailed,
                  createError.empty() ? "create returned null" : "create failed: " + createError);
  }
  status.state = LoadState::kLoaded;
  std::lock_guard lock(mutex_);
  instances_.push_back(std::move(record));
  return status;
}

std::vector<PluginStatus> PluginManager::statuses() const {
  std::lock_guard lock(mutex_);
  return statuses_;
}

template <class Interface>
std::shared_ptr<Interface> PluginManager::find(std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (const auto& record : instances_) {
    if (record->id == id && record->kind == Interface::kKind) {
      // Aliasing constructor: the handle points at the interface, owns the whole record.
      return std::shared_ptr<Interface>(record, static_cast<Interface*>(record->object));
    }
  }
  return nullptr;
}

template <class Interface>
std::vector<std::shared_ptr<Interface>> PluginManager::all() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Interface>> out;
  for (const auto& record : instances_) {
    if (record->kind == Interface::kKind) {
      out.emplace_back(record, static_cast<Interface*>(record->object));
    }
  }
  return out;
}

std::vector<std::shared_ptr<sdk::PlaybackProviderV1>> PluginManager::providers() const {
  return all<sdk::PlaybackProviderV1>();
}
std::vector<std::shared_ptr<sdk::AuthSchemeV1>> PluginManager::authSchemes() const {
  return all<sdk::AuthSchemeV1>();
}
std::vector<std::shared_ptr<sdk::ChatModeratorV1>> PluginManager::moderators() const {
  return all<sdk::ChatModeratorV1>();
}
std::vector<std::shared_ptr<sdk::CatalogV1>> PluginManager::catalogs() const {
  return all<sdk::CatalogV1>();
}
std::shared_ptr<sdk::PlaybackProviderV1> PluginManager::provider(std::string_view id) const {
  return find<sdk::PlaybackProviderV1>(id);
}
std::shared_ptr<sdk::AuthSchemeV1> PluginManager::authScheme(std::string_view id) const {
  return find<sdk::AuthSchemeV1>(id);
}
std::shared_ptr<sdk::ChatModeratorV1> PluginManager::moderator(std::string_view id) const {
  return find<sdk::ChatModeratorV1>(id);
}
std::shared_ptr<sdk::CatalogV1> PluginManager::catalog(std::string_view id) const {
  return find<sdk::CatalogV1>(id);
}

util::HealthStatus PluginManager::checkHealth() {
  std::lock_guard lock(mutex_);
  util::HealthStatus health{true, ""};
  for (const auto& s : statuses_) {
    if (s.state == LoadState::kLoaded)
      continue;
    if (s.required)
      health.ok = false;
    if (!health.detail.empty())
      health.detail += "; ";
    health.detail += s.id + " " + std::string(loadStateName(s.state)) + ": " + s.reason;
  }
  if (health.detail.empty())
    health.detail = "ok";
  return health;
}

}  // namespace streamit::plugins
