// RedisStore against a private redis-server that the tests kill, restart and freeze.
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "realtime/keys.h"
#include "realtime/redis_store.h"
#include "realtime/scripts/versioned_hash_cas.h"
#include "store_fixture.h"
#include "support/redis_server.h"

namespace streamit::realtime::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Generous correctness bound (not a performance assertion): with a 500 ms timeout a call
// must give up well within it.
constexpr auto kGiveUpBound = 3s;

class RedisFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::RedisServer::available()) {
      if (testing::serversRequired())
        FAIL() << "redis-server not on PATH";
      GTEST_SKIP() << "redis-server not on PATH";
    }
    server_ = std::make_unique<testing::RedisServer>();
    server_->start();
    RealtimeConfig config;
    config.backend = RealtimeConfig::Backend::kRedis;
    config.key_prefix = uniquePrefix();
    config.redis.host = server_->host();
    config.redis.port = server_->port();
    config.redis.pool_size = 4;
    config.redis.command_timeout_ms = 500;
    config.redis.connect_timeout_ms = 500;
    config.redis.reconnect_backoff_min_ms = 20;
    config.redis.reconnect_backoff_max_ms = 200;
    store_ = std::make_unique<RedisStore>(config, metrics_);
  }

  // Retries `call` until it stops throwing StoreUnavailable (back-off window), bounded.
  template <typename F>
  bool recovers(F call, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      try {
        call();
        return true;
      } catch (const StoreUnavailable&) {
        std::this_thread::sleep_for(20ms);
      }
    }
    return false;
  }

  std::uint64_t errors(const std::string& op) {
    return metrics_.counter("streamit_backend_errors_total", "", {{"backend", "redis"}, {"op", op}})
        .value();
  }
  std::uint64_t reconnects(const std::string& connection) {
    return metrics_.counter("streamit_realtime_reconnects_total", "", {{"connection", connection}})
        .value();
  }

  metrics::Registry metrics_;
  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisStore> store_;
};

TEST_F(RedisFaults, KilledRedisFailsFastThenSameStoreRecoversAfterRestart) {
  store_->set("k", "v", 10s);
  const Script& cas = scripts::versionedHashCas();
  ASSERT_EQ(store_->eval(cas, {"h"}, {"0", "10000", "a", "1"}),
            Value::ofArray({Value::ofInt(1), Value::ofInt(1)}));

  server_->kill();
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto start = Clock::now();
    EXPECT_THROW(store_->get("k"), StoreUnavailable);
    EXPECT_LT(Clock::now() - start, kGiveUpBound);
  }
  EXPECT_GT(errors("command") + errors("connect"), 0u);

  server_->start();  // same port, empty data, empty script cache
  ASSERT_TRUE(recovers([&] { store_->set("k", "again", 10s); }));
  EXPECT_EQ(store_->get("k"), "again");
  EXPECT_GE(reconnects("command"), 1u);
  // The script cache died with the server: EVALSHA → NOSCRIPT → SCRIPT LOAD → retry.
  EXPECT_EQ(store_->eval(cas, {"h"}, {"0", "10000", "a", "2"}),
            Value::ofArray({Value::ofInt(1), Value::ofInt(1)}));
}

TEST_F(RedisFaults, FrozenRedisTimesOutThenRecovers) {
  store_->set("k", "v", 10s);
  server_->pause();
  const auto start = Clock::now();
  EXPECT_THROW(store_->get("k"), StoreUnavailable);
  EXPECT_LT(Clock::now() - start, kGiveUpBound);
  // Still frozen: new connections get accepted by the kernel but never answered.
  const auto second = Clock::now();
  EXPECT_THROW(store_->get("k"), StoreUnavailable);
  EXPECT_LT(Clock::now() - second, kGiveUpBound);
  server_->resume();
  std::optional<std::string> value;
  ASSERT_TRUE(recovers([&] { value = store_->get("k"); }));
  EXPECT_EQ(value, "v");
}

TEST_F(RedisFaults, SubscriberResubscribesAfterRestart) {
  const std::string channel = keys::roomChannel("FAULT1");
  std::mutex mutex;
  std::vector<std::string> received;
  std::atomic<int> resubscribed{0};
  auto sub = store_->subscribe({channel}, {[&](const std::string&, const std::string& message) {
                                             std::lock_guard lock(mutex);
                                             received.push_back(message);
                                           },
                                           [&] { ++resubscribed; }});
  auto count = [&] {
    std::lock_guard lock(mutex);
    return received.size();
  };
  EXPECT_EQ(store_->publish(channel, "before"), 1);
  ASSERT_TRUE(eventually([&] { return count() == 1; }));
  EXPECT_EQ(resubscribed.load(), 0);

  server_->restart();
  ASSERT_TRUE(eventually([&] { return resubscribed.load() >= 1; }, 10s));
  for (int i = 0; i < 20; ++i) {
    std::int64_t receivers = 0;
    ASSERT_TRUE(
        recovers([&] { receivers = store_->publish(channel, "after" + std::to_string(i)); }));
    EXPECT_EQ(receivers, 1);
  }
  ASSERT_TRUE(eventually([&] { return count() == 21; })) << count();
  std::lock_guard lock(mutex);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(received[i + 1], "after" + std::to_string(i));
  EXPECT_GE(reconnects("subscriber"), 1u);
}

// A frozen server keeps the subscriber's socket open and silent; only the PING probe can tell
// it from an idle channel.
TEST_F(RedisFaults, SubscriberDetectsFrozenServerAndResubscribes) {
  const std::string channel = keys::roomChannel("FAULT3");
  std::atomic<int> resubscribed{0};
  std::atomic<int> messages{0};
  auto sub =
      store_->subscribe({channel}, {[&](auto&, auto&) { ++messages; }, [&] { ++resubscribed; }});
  server_->pause();
  // Ping interval (1 s) + pong timeout (500 ms) have to pass before the loss is noticed.
  ASSERT_TRUE(
      eventually([&] { return reconnects("subscriber") == 0 && errors("subscribe") > 0; }, 10s));
  server_->resume();
  ASSERT_TRUE(eventually([&] { return resubscribed.load() == 1; }, 10s));
  ASSERT_TRUE(recovers([&] { store_->publish(channel, "m"); }));
  EXPECT_TRUE(eventually([&] { return messages.load() == 1; }));
}

TEST_F(RedisFaults, SubscriptionMadeWhileDownIsResyncedOnConnect) {
  server_->kill();
  const std::string channel = keys::roomChannel("FAULT2");
  std::atomic<int> resubscribed{0};
  std::atomic<int> messages{0};
  auto sub =
      store_->subscribe({channel}, {[&](auto&, auto&) { ++messages; }, [&] { ++resubscribed; }});
  server_->start();
  ASSERT_TRUE(eventually([&] { return resubscribed.load() == 1; }, 10s));
  ASSERT_TRUE(recovers([&] { store_->publish(channel, "m"); }));
  EXPECT_TRUE(eventually([&] { return messages.load() == 1; }));
}

TEST_F(RedisFaults, HealthReflectsDownAndUp) {
  EXPECT_TRUE(store_->checkHealth().ok);
  server_->kill();
  const auto start = Clock::now();
  const auto down = store_->checkHealth();
  EXPECT_LT(Clock::now() - start, kGiveUpBound);
  EXPECT_FALSE(down.ok);
  EXPECT_FALSE(down.detail.empty());
  server_->start();
  EXPECT_TRUE(eventually([&] { return store_->checkHealth().ok; }, 10s));
  EXPECT_GT(errors("ping"), 0u);
}

TEST_F(RedisFaults, FlushedScriptCacheIsReloaded) {
  const Script& cas = scripts::versionedHashCas();
  ASSERT_EQ(store_->eval(cas, {"h"}, {"0", "10000"}),
            Value::ofArray({Value::ofInt(1), Value::ofInt(1)}));
  Poco::Redis::Client admin(server_->host(), server_->port());
  Poco::Redis::Array flush;
  flush << "SCRIPT"
        << "FLUSH";
  admin.execute<std::string>(flush);
  EXPECT_EQ(store_->eval(cas, {"h"}, {"1", "10000"}),
            Value::ofArray({Value::ofInt(1), Value::ofInt(2)}));
}

TEST_F(RedisFaults, AuthAndDatabaseAreAppliedOnConnect) {
  Poco::Redis::Client admin(server_->host(), server_->port());
  Poco::Redis::Array setPass;
  setPass << "CONFIG"
          << "SET"
          << "requirepass"
          << "s3cret-pass";
  admin.execute<std::string>(setPass);

  RealtimeConfig config;
  config.backend = RealtimeConfig::Backend::kRedis;
  config.key_prefix = uniquePrefix();
  config.redis.host = server_->host();
  config.redis.port = server_->port();
  config.redis.command_timeout_ms = 500;
  config.redis.database = 3;
  config.redis.password = "wrong";
  {
    RedisStore wrong(config, metrics_);
    EXPECT_THROW(wrong.get("k"), StoreUnavailable);
  }
  config.redis.password = "s3cret-pass";
  RedisStore store(config, metrics_);
  store.set("k", "in-db-3", 10s);

  Poco::Redis::Client check(server_->host(), server_->port());
  Poco::Redis::Array auth;
  auth << "AUTH"
       << "s3cret-pass";
  check.execute<std::string>(auth);
  Poco::Redis::Array select;
  select << "SELECT"
         << "3";
  check.execute<std::string>(select);
  Poco::Redis::Array get;
  get << "GET" << (config.key_prefix + "k");
  EXPECT_EQ(check.execute<Poco::Redis::BulkString>(get).value(), "in-db-3");

  // Pub/sub also authenticates (its own connection).
  std::atomic<int> got{0};
  auto sub = store.subscribe({"c"}, {[&](auto&, auto&) { ++got; }, nullptr});
  ASSERT_TRUE(eventually([&] { return store.publish("c", "x") == 1; }));
  EXPECT_TRUE(eventually([&] { return got.load() >= 1; }));
}

}  // namespace
}  // namespace streamit::realtime::test
