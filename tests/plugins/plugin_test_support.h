#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>

#include "metrics/registry.h"
#include "plugins/plugin_manager.h"
#include "realtime/redis_store.h"

namespace streamit::plugins::testing {

// Absolute path of a fixture library built by tests/plugins/CMakeLists.txt ("valid",
// "abi_major", ...).
std::filesystem::path fixturePath(const std::string& name);

// Copies `source` to `directory/fileName` with `mode`; the directory is created 0755.
std::filesystem::path installLibrary(const std::filesystem::path& source,
                                     const std::filesystem::path& directory,
                                     const std::string& fileName, mode_t mode = 0755);

// A real RedisStore pointed at a loopback port where nothing listens, with short timeouts:
// every data call throws the real StoreUnavailable, which is what "store down" means to a
// plugin's cache. `metrics` must outlive the store.
std::unique_ptr<realtime::RedisStore> unreachableRedisStore(metrics::Registry& metrics);

// Config of one instance of `library` with id `id` in `directory`.
PluginsConfig oneInstance(const std::filesystem::path& directory, const std::string& id,
                          const std::string& library, const std::string& configJson,
                          bool required = false);

// Loads one plugin exactly as the kernel does (real config-schema check, the given store and
// metrics) from `directory`, installing `library` there as `fileName` on first use only: glibc
// may keep a C++ library mapped after dlclose, and overwriting a mapped file corrupts it.
// The caller destroys any previous manager first. statuses().at(0) is the instance's status.
std::unique_ptr<PluginManager> loadSinglePlugin(const std::filesystem::path& library,
                                                const std::filesystem::path& directory,
                                                const std::string& fileName, const std::string& id,
                                                const std::string& configJson,
                                                realtime::RealtimeStore* store,
                                                metrics::Registry& metrics);

}  // namespace streamit::plugins::testing
