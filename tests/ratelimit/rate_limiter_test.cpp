// The GCRA script on both realtime stores, and the limiter's local fallback when Redis is down.
#include "ratelimit/rate_limiter.h"

#include <gtest/gtest.h>

#include "ratelimit/gcra_script.h"
#include "realtime/keys.h"
#include "realtime/store_fixture.h"

namespace streamit::ratelimit {
namespace {

using realtime::test::MemoryBackend;
using realtime::test::RedisBackend;

template <class Backend>
class RateLimiterOnStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::make(metrics_, realtime::test::uniquePrefix());
    if (!store_) {
      if (streamit::testing::serversRequired())
        FAIL() << "STREAMIT_TEST_REDIS_* not set";
      GTEST_SKIP() << "no Redis configured";
    }
  }
  metrics::Registry metrics_;
  std::unique_ptr<realtime::RealtimeStore> store_;
};

TYPED_TEST_SUITE(RateLimiterOnStore, streamit::realtime::test::StoreBackends,
                 streamit::realtime::test::StoreBackendNames);

TYPED_TEST(RateLimiterOnStore, AllowsTheBurstThenRefusesWithRetryAfter) {
  RateLimiter limiter(*this->store_, this->metrics_);
  const Limit limit{2, 4};  // one every 500 ms
  int allowed = 0;
  Verdict last;
  for (int i = 0; i < 6; ++i) {
    last = limiter.check("search", "10.0.0.1", limit);
    allowed += last.allowed ? 1 : 0;
  }
  EXPECT_EQ(allowed, 4);
  EXPECT_FALSE(last.allowed);
  EXPECT_GT(last.retryAfterMs, 0);
  EXPECT_LE(last.retryAfterMs, 500);
  // Another subject and another scope have their own buckets.
  EXPECT_TRUE(limiter.check("search", "10.0.0.2", limit).allowed);
  EXPECT_TRUE(limiter.check("resolve", "10.0.0.1", limit).allowed);
  EXPECT_NE(this->metrics_.renderPrometheus().find("streamit_rate_limited_total 2"),
            std::string::npos);
}

TYPED_TEST(RateLimiterOnStore, BucketKeysCarryATtl) {
  RateLimiter limiter(*this->store_, this->metrics_);
  limiter.check("search", "client-a", Limit{1, 1});
  const auto ttl = this->store_->pttl(realtime::keys::rateLimit("search", "client-a"));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 1000);
}

TYPED_TEST(RateLimiterOnStore, CapacityReturnsAfterTheRetryAfter) {
  RateLimiter limiter(*this->store_, this->metrics_);
  const Limit limit{20, 1};  // one every 50 ms
  ASSERT_TRUE(limiter.check("s", "c", limit).allowed);
  const auto refused = limiter.check("s", "c", limit);
  ASSERT_FALSE(refused.allowed);
  std::this_thread::sleep_for(std::chrono::milliseconds(refused.retryAfterMs + 5));
  EXPECT_TRUE(limiter.check("s", "c", limit).allowed);
}

TEST(RateLimiterFallback, StillLimitsInProcessWhenRedisIsDown) {
  metrics::Registry metrics;
  realtime::RealtimeConfig config;
  config.backend = realtime::RealtimeConfig::Backend::kRedis;
  config.redis.port = streamit::testing::freeTcpPort();  // nothing listens there
  config.redis.connect_timeout_ms = 100;
  config.redis.command_timeout_ms = 100;
  realtime::RedisStore down(config, metrics);
  RateLimiter limiter(down, metrics);
  int allowed = 0;
  for (int i = 0; i < 5; ++i)
    allowed += limiter.check("search", "c", Limit{1, 3}).allowed ? 1 : 0;
  EXPECT_EQ(allowed, 3);
  EXPECT_NE(metrics.renderPrometheus().find("streamit_rate_limit_local_fallback_total 5"),
            std::string::npos);
}

}  // namespace
}  // namespace streamit::ratelimit
