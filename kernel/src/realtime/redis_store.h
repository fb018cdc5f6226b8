#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "metrics/registry.h"
#include "realtime/realtime_config.h"
#include "realtime/realtime_store.h"
#include "realtime/redis_connection_pool.h"
#include "realtime/redis_subscriber.h"

namespace streamit::realtime {

// RealtimeStore on Redis: commands through RedisConnectionPool, pub/sub through
// RedisSubscriber. Multi-step writes (INCRBY+PEXPIRE, HSET+PEXPIRE, RPUSH+LTRIM+PEXPIRE) are
// Lua scripts so no key ever exists without a TTL. Scripts run with EVALSHA; on NOSCRIPT the
// body is loaded and the call retried once. Thread-safe; subscriptions must die before it.
class RedisStore : public RealtimeStore {
 public:
  RedisStore(const RealtimeConfig& config, metrics::Registry& metrics);
  ~RedisStore() override;

  std::optional<std::string> get(const std::string& key) override;
  void set(const std::string& key, const std::string& value, Millis ttl) override;
  bool setIfAbsent(const std::string& key, const std::string& value, Millis ttl) override;
  std::int64_t del(const std::vector<std::string>& keys) override;
  std::int64_t incrBy(const std::string& key, std::int64_t delta, Millis ttl) override;
  std::int64_t pttl(const std::string& key) override;
  bool expire(const std::string& key, Millis ttl) override;

  void hset(const std::string& key, const std::map<std::string, std::string>& fields,
            Millis ttl) override;
  std::optional<std::string> hget(const std::string& key, const std::string& field) override;
  std::map<std::string, std::string> hgetall(const std::string& key) override;
  std::int64_t hdel(const std::string& key, const std::vector<std::string>& fields) override;

  void pushCapped(const std::string& key, const std::string& value, std::int64_t maxLength,
                  Millis ttl) override;
  std::vector<std::string> range(const std::string& key, std::int64_t start,
                                 std::int64_t stop) override;
  std::vector<std::string> scan(const std::string& pattern) override;
  Value eval(const Script& script, const std::vector<std::string>& keys,
             const std::vector<std::string>& args) override;

  std::int64_t publish(const std::string& channel, const std::string& message) override;
  std::unique_ptr<Subscription> subscribe(const std::vector<std::string>& channels,
                                          SubscriptionHandlers handlers) override;

  std::int64_t nowMs() override;
  std::string backendName() const override { return "redis"; }
  std::string healthName() const override { return "realtime"; }
  // PING within the command timeout; never throws.
  util::HealthStatus checkHealth() override;

 private:
  std::string full(const std::string& key) const { return prefix_ + key; }
  // Runs a command; error replies throw (StoreUnavailable for transient server states,
  // std::runtime_error otherwise).
  RespReply call(const std::vector<std::string>& args, std::string_view op);
  RespReply evalFull(const std::string& lua, const std::vector<std::string>& fullKeys,
                     const std::vector<std::string>& args, const std::string& name);
  std::string shaOf(const std::string& lua);

  const std::string prefix_;
  metrics::Registry& metrics_;
  RedisConnectionPool pool_;
  RedisSubscriber subscriber_;
  std::mutex shaMutex_;
  std::unordered_map<std::string, std::string> shaByLua_;
};

}  // namespace streamit::realtime
