#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "metrics/registry.h"
#include "realtime/realtime_store.h"
#include "realtime/subscription_state.h"

namespace streamit::realtime {

// In-process RealtimeStore for single-node (embedded) deployments and tests. Same semantics
// as RedisStore: every write needs a TTL, expiry is lazy on access plus a periodic purge so
// memory stays bounded, scripts run their native body under the store's lock, and pub/sub
// handlers run on one dispatcher thread (never the publisher's) in publish order.
// Thread-safe. Subscriptions must be destroyed before the store.
class MemoryStore : public RealtimeStore {
 public:
  explicit MemoryStore(std::string keyPrefix, metrics::Registry& metrics,
                       Millis purgeInterval = Millis(1000));
  ~MemoryStore() override;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

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
  std::string backendName() const override { return "memory"; }
  std::string healthName() const override { return "realtime"; }
  util::HealthStatus checkHealth() override { return {true, "ok"}; }

  // Number of stored keys including expired ones not yet purged (for the bounded-memory test).
  std::size_t storedKeyCountForTesting();

  // Shared by the data ops and the ScriptContext (public only so the context can name it).
  using Clock = std::chrono::steady_clock;
  using Hash = std::map<std::string, std::string>;
  using List = std::deque<std::string>;
  struct Entry {
    std::variant<std::string, Hash, List> value;
    Clock::time_point expiresAt;
  };

 private:
  class Context;
  class MemorySubscription;

  std::string full(const std::string& key) const { return prefix_ + key; }
  // Returns the live entry or nullptr, erasing it when expired. Caller holds dataMutex_.
  Entry* find(const std::string& fullKey);
  void purgeExpired();
  void dispatchLoop();
  void unsubscribe(const std::shared_ptr<SubscriberState>& state);

  const std::string prefix_;
  const Millis purgeInterval_;

  std::mutex dataMutex_;
  std::map<std::string, Entry> data_;

  struct Delivery {
    std::string channel;
    std::string message;
    std::vector<std::shared_ptr<SubscriberState>> receivers;
  };
  std::mutex busMutex_;
  std::condition_variable busCv_;
  std::deque<Delivery> queue_;
  std::map<std::string, std::set<std::shared_ptr<SubscriberState>>> subscribers_;
  bool stopping_ = false;
  std::thread dispatcher_;
};

}  // namespace streamit::realtime
