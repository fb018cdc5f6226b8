#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "metrics/registry.h"
#include "realtime/memory_store.h"
#include "realtime/realtime_config.h"
#include "realtime/redis_store.h"
#include "support/process.h"

namespace streamit::realtime::test {

// A prefix no other run (or parallel ctest process) uses, so tests share one Redis safely.
inline std::string uniquePrefix() {
  std::random_device device;
  std::mt19937_64 rng((static_cast<std::uint64_t>(device()) << 32) ^ device());
  return "streamit-test:" + std::to_string(rng()) + ":";
}

// Polls `condition` until true or the deadline; for waits on asynchronous effects only.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

struct MemoryBackend {
  static constexpr const char* kName = "memory";
  static std::unique_ptr<RealtimeStore> make(metrics::Registry& metrics,
                                             const std::string& prefix) {
    return std::make_unique<MemoryStore>(prefix, metrics);
  }
};

// The shared test Redis from $STREAMIT_TEST_REDIS_HOST/PORT.
struct RedisBackend {
  static constexpr const char* kName = "redis";
  static std::unique_ptr<RealtimeStore> make(metrics::Registry& metrics,
                                             const std::string& prefix) {
    const std::string host = testing::envOr("STREAMIT_TEST_REDIS_HOST");
    const std::string port = testing::envOr("STREAMIT_TEST_REDIS_PORT");
    if (host.empty() || port.empty())
      return nullptr;
    RealtimeConfig config;
    config.backend = RealtimeConfig::Backend::kRedis;
    config.key_prefix = prefix;
    config.redis.host = host;
    config.redis.port = std::stoi(port);
    config.redis.pool_size = 4;
    config.redis.command_timeout_ms = 2000;
    config.redis.connect_timeout_ms = 2000;
    return std::make_unique<RedisStore>(config, metrics);
  }
};

// The stores every store-backed suite runs on, named in test names as memory / redis:
//   TYPED_TEST_SUITE(Suite, realtime::test::StoreBackends, realtime::test::StoreBackendNames);
using StoreBackends = ::testing::Types<MemoryBackend, RedisBackend>;
struct StoreBackendNames {
  template <typename T>
  static std::string GetName(int /*index*/) {
    return T::kName;
  }
};

}  // namespace streamit::realtime::test
