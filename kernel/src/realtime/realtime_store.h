#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/backend_error.h"
#include "util/health.h"

namespace streamit::realtime {

using Millis = std::chrono::milliseconds;

// The realtime store could not answer (down, timed out, restarting). Never means "no data".
class StoreUnavailable : public util::BackendUnavailable {
 public:
  explicit StoreUnavailable(const std::string& what) : BackendUnavailable("realtime", what) {}
};

// A script reply, shaped like a RESP reply: nil, integer, bulk string, or array.
struct Value {
  enum class Type { kNil, kInteger, kString, kArray };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string string;
  std::vector<Value> array;

  static Value nil() { return {}; }
  static Value ofInt(std::int64_t v) { return {Type::kInteger, v, {}, {}}; }
  static Value ofString(std::string v) { return {Type::kString, 0, std::move(v), {}}; }
  static Value ofArray(std::vector<Value> v) { return {Type::kArray, 0, {}, std::move(v)}; }
  bool operator==(const Value&) const = default;
};

class ScriptContext;

// An atomic multi-key operation with two equivalent bodies: Lua for Redis (run with EVALSHA,
// NOSCRIPT → SCRIPT LOAD and retry) and C++ for the memory store (run under its lock). Both
// see KEYS/ARGV as given; the conformance suite holds them to the same results.
struct Script {
  std::string name;
  std::string lua;
  std::function<Value(ScriptContext&, const std::vector<std::string>& keys,
                      const std::vector<std::string>& args)>
      native;
};

// What a native script body may do: the same primitives the Lua body uses, applied to the
// memory store's data while it holds its lock. Keys are full keys (prefix included).
class ScriptContext {
 public:
  virtual ~ScriptContext() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void set(const std::string& key, const std::string& value, Millis ttl) = 0;
  virtual std::int64_t del(const std::string& key) = 0;
  virtual std::optional<std::string> hget(const std::string& key, const std::string& field) = 0;
  virtual void hset(const std::string& key, const std::string& field, const std::string& value) = 0;
  virtual std::int64_t hdel(const std::string& key, const std::string& field) = 0;
  virtual std::map<std::string, std::string> hgetall(const std::string& key) = 0;
  virtual std::int64_t pttl(const std::string& key) = 0;
  virtual void pexpire(const std::string& key, Millis ttl) = 0;
  virtual std::int64_t nowMs() = 0;  // server time (Redis TIME / system clock)
};

// A live subscription; destroying it unsubscribes. Thread-safe.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

struct SubscriptionHandlers {
  // Called on the store's subscriber thread, in publish order per channel. Must not block.
  std::function<void(const std::string& channel, const std::string& message)> onMessage;
  // Called after the subscriber connection was lost and re-established: messages published
  // meanwhile are gone, so the owner should resync from stored state.
  std::function<void()> onResubscribed;
};

// Realtime state shared by every kernel node: playback state, presence, chat tail, rate
// limits, caches. Two implementations with identical semantics: Redis and in-process memory.
//
// Rules every implementation enforces:
// - Every write carries a TTL (> 0); nothing is stored forever.
// - Keys and channels passed in are *logical* (built by keys.h); the store adds the
//   configured prefix.
// - Every call either completes within the configured timeout or throws StoreUnavailable.
// - Thread-safe: any thread may call any method concurrently.
class RealtimeStore : public util::HealthCheck {
 public:
  ~RealtimeStore() override = default;

  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void set(const std::string& key, const std::string& value, Millis ttl) = 0;
  // SET NX PX: true when the key was absent and is now set.
  virtual bool setIfAbsent(const std::string& key, const std::string& value, Millis ttl) = 0;
  virtual std::int64_t del(const std::vector<std::string>& keys) = 0;
  // INCRBY then PEXPIRE (the TTL is refreshed on every call).
  virtual std::int64_t incrBy(const std::string& key, std::int64_t delta, Millis ttl) = 0;
  // Remaining TTL in ms; -2 when the key does not exist, -1 when it has no TTL (a bug).
  virtual std::int64_t pttl(const std::string& key) = 0;
  virtual bool expire(const std::string& key, Millis ttl) = 0;

  virtual void hset(const std::string& key, const std::map<std::string, std::string>& fields,
                    Millis ttl) = 0;
  virtual std::optional<std::string> hget(const std::string& key, const std::string& field) = 0;
  virtual std::map<std::string, std::string> hgetall(const std::string& key) = 0;
  virtual std::int64_t hdel(const std::string& key, const std::vector<std::string>& fields) = 0;

  // RPUSH, LTRIM to the newest `maxLength` entries, PEXPIRE — atomically.
  virtual void pushCapped(const std::string& key, const std::string& value, std::int64_t maxLength,
                          Millis ttl) = 0;
  virtual std::vector<std::string> range(const std::string& key, std::int64_t start,
                                         std::int64_t stop) = 0;

  // Logical keys matching a glob pattern (SCAN, never KEYS). For sweeps and tests.
  virtual std::vector<std::string> scan(const std::string& pattern) = 0;

  virtual Value eval(const Script& script, const std::vector<std::string>& keys,
                     const std::vector<std::string>& args) = 0;

  // Returns the number of receivers on this store (Redis: subscribers across all nodes).
  virtual std::int64_t publish(const std::string& channel, const std::string& message) = 0;
  virtual std::unique_ptr<Subscription> subscribe(const std::vector<std::string>& channels,
                                                  SubscriptionHandlers handlers) = 0;

  // Server time in ms since the epoch (Redis TIME on Redis; the system clock in memory).
  virtual std::int64_t nowMs() = 0;

  // "memory" or "redis".
  virtual std::string backendName() const = 0;
};

}  // namespace streamit::realtime
