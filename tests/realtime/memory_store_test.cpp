// Memory-store specifics the conformance suite cannot express.
#include "realtime/memory_store.h"
#include "realtime/realtime_factory.h"

#include <gtest/gtest.h>

#include "store_fixture.h"

namespace streamit::realtime::test {
namespace {

using namespace std::chrono_literals;

TEST(MemoryStore, PeriodicPurgeBoundsMemoryWithoutAccess) {
  metrics::Registry metrics;
  MemoryStore store("p:", metrics, 50ms);
  for (int i = 0; i < 200; ++i)
    store.set("k" + std::to_string(i), "v", 50ms);
  EXPECT_EQ(store.storedKeyCountForTesting(), 200u);
  // No reads: only the purge can remove them.
  EXPECT_TRUE(eventually([&] { return store.storedKeyCountForTesting() == 0; }, 5s));
}

TEST(MemoryStore, PrefixIsAppliedToScriptKeys) {
  metrics::Registry metrics;
  MemoryStore store("pre:", metrics);
  std::vector<std::string> seen;
  Script script{
      "probe", "",
      [&](ScriptContext&, const std::vector<std::string>& keys, const std::vector<std::string>&) {
        seen = keys;
        return Value::nil();
      }};
  store.eval(script, {"a", "b"}, {});
  EXPECT_EQ(seen, (std::vector<std::string>{"pre:a", "pre:b"}));
}

TEST(MemoryStore, FactoryBuildsTheConfiguredBackend) {
  metrics::Registry metrics;
  RealtimeConfig config;
  config.backend = RealtimeConfig::Backend::kMemory;
  EXPECT_EQ(makeRealtimeStore(config, metrics)->backendName(), "memory");
  config.backend = RealtimeConfig::Backend::kRedis;
  config.redis.port = testing::freeTcpPort();  // nothing there: construction must not fail
  config.redis.command_timeout_ms = 200;
  config.redis.connect_timeout_ms = 200;
  auto redis = makeRealtimeStore(config, metrics);
  EXPECT_EQ(redis->backendName(), "redis");
  EXPECT_THROW(redis->get("k"), StoreUnavailable);
  EXPECT_FALSE(redis->checkHealth().ok);
}

}  // namespace
}  // namespace streamit::realtime::test
