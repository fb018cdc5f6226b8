#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/plugin_manager.h"
#include "realtime/realtime_store.h"

namespace streamit::plugins::testing {

// Absolute path of a fixture library built by tests/plugins/CMakeLists.txt ("valid",
// "abi_major", ...).
std::filesystem::path fixturePath(const std::string& name);

// Copies `source` to `directory/fileName` with `mode`; the directory is created 0755.
std::filesystem::path installLibrary(const std::filesystem::path& source,
                                     const std::filesystem::path& directory,
                                     const std::string& fileName, mode_t mode = 0755);

// A small stand-in for the kernel's schema engine (wired by the lead): understands
// properties/type (string, integer, boolean, object, array), required and
// additionalProperties:false. Messages name the key.
std::vector<std::string> testValidator(std::string_view schemaJson, std::string_view configJson);

// Only get/set/pttl are real; the rest throws. Records full keys so tests can check namespacing.
class FakeStore final : public realtime::RealtimeStore {
 public:
  std::optional<std::string> get(const std::string& key) override;
  void set(const std::string& key, const std::string& value, realtime::Millis ttl) override;
  bool setIfAbsent(const std::string&, const std::string&, realtime::Millis) override { fail(); }
  std::int64_t del(const std::vector<std::string>&) override { fail(); }
  std::int64_t incrBy(const std::string&, std::int64_t, realtime::Millis) override { fail(); }
  std::int64_t pttl(const std::string& key) override;
  bool expire(const std::string&, realtime::Millis) override { fail(); }
  void hset(const std::string&, const std::map<std::string, std::string>&,
            realtime::Millis) override {
    fail();
  }
  std::optional<std::string> hget(const std::string&, const std::string&) override { fail(); }
  std::map<std::string, std::string> hgetall(const std::string&) override { fail(); }
  std::int64_t hdel(const std::string&, const std::vector<std::string>&) override { fail(); }
  void pushCapped(const std::string&, const std::string&, std::int64_t, realtime::Millis) override {
    fail();
  }
  std::vector<std::string> range(const std::string&, std::int64_t, std::int64_t) override {
    fail();
  }
  std::vector<std::string> scan(const std::string&) override { fail(); }
  realtime::Value eval(const realtime::Script&, const std::vector<std::string>&,
                       const std::vector<std::string>&) override {
    fail();
  }
  std::int64_t publish(const std::string&, const std::string&) override { fail(); }
  std::unique_ptr<realtime::Subscription> subscribe(const std::vector<std::string>&,
                                                    realtime::SubscriptionHandlers) override {
    fail();
  }
  std::int64_t nowMs() override { return 0; }
  std::string backendName() const override { return "fake"; }
  std::string healthName() const override { return "realtime"; }
  util::HealthStatus checkHealth() override { return {true, "ok"}; }

  std::map<std::string, std::pair<std::string, realtime::Millis>> entries() const;
  bool down = false;  // when true every call throws StoreUnavailable

 private:
  [[noreturn]] static void fail();
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::string, realtime::Millis>> entries_;
};

// Config of one instance of `library` with id `id` in `directory`.
PluginsConfig oneInstance(const std::filesystem::path& directory, const std::string& id,
                          const std::string& library, const std::string& configJson,
                          bool required = false);

}  // namespace streamit::plugins::testing
