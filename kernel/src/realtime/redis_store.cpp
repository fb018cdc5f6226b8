#include "realtime/redis_store.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include <set>
#include <stdexcept>

#include "realtime/glob.h"
#include "realtime/redis_errors.h"

namespace streamit::realtime {
namespace {

void requireTtl(Millis ttl) {
  if (ttl.count() <= 0)
    throw std::invalid_argument("realtime: every write needs a TTL > 0");
}

// Multi-step writes as scripts so the TTL is applied atomically with the write.
const char* const kIncrByLua =
    "local v = redis.call('INCRBY', KEYS[1], ARGV[1])\n"
    "redis.call('PEXPIRE', KEYS[1], ARGV[2])\n"
    "return v\n";
const char* const kHsetLua =
    "for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end\n"
    "redis.call('PEXPIRE', KEYS[1], ARGV[1])\n"
    "return 1\n";
const char* const kPushCappedLua =
    "redis.call('RPUSH', KEYS[1], ARGV[1])\n"
    "redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)\n"
    "redis.call('PEXPIRE', KEYS[1], ARGV[3])\n"
    "return 1\n";

// Error replies that mean "not now" rather than "wrong request".
bool isTransientError(const std::string& message) {
  for (const char* prefix : {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"}) {
    if (message.rfind(prefix, 0) == 0)
      return true;
  }
  return false;
}

std::int64_t integerOf(const RespReply& reply) {
  if (reply.type != RespReply::Type::kInteger) {
    throw std::runtime_error("realtime: unexpected redis reply (integer expected)");
  }
  return reply.integer;
}

std::optional<std::string> optionalStringOf(const RespReply& reply) {
  if (reply.type == RespReply::Type::kNil)
    return std::nullopt;
  return reply.string;
}

Value toValue(const RespReply& reply) {
  switch (reply.type) {
    case RespReply::Type::kInteger:
      return Value::ofInt(reply.integer);
    case RespReply::Type::kSimpleString:
    case RespReply::Type::kBulkString:
      return Value::ofString(reply.string);
    case RespReply::Type::kArray: {
      std::vector<Value> items;
      items.reserve(reply.array.size());
      for (const auto& item : reply.array)
        items.push_back(toValue(item));
      return Value::ofArray(std::move(items));
    }
    default:
      return Value::nil();
  }
}

std::int64_t parseInt(const std::string& text) {
  std::size_t used = 0;
  const long long value = std::stoll(text, &used);
  if (used != text.size())
    throw std::runtime_error("realtime: malformed integer from redis");
  return value;
}

}  // namespace

RedisStore::RedisStore(const RealtimeConfig& config, metrics::Registry& metrics)
    : prefix_(config.key_prefix),
      metrics_(metrics),
      pool_(config.redis, metrics),
      subscriber_(config.redis, config.key_prefix, metrics) {}

RedisStore::~RedisStore() = default;

RespReply RedisStore::call(const std::vector<std::string>& args, std::string_view op) {
  RespReply reply = pool_.execute(args, op);
  if (reply.type == RespReply::Type::kError) {
    if (isTransientError(reply.string)) {
      countRedisError(metrics_, op);
      throw StoreUnavailable("redis busy: " + reply.string);
    }
    throw std::runtime_error("realtime: redis " + args.front() + " failed: " + reply.string);
  }
  return reply;
}

std::string RedisStore::shaOf(const std::string& lua) {
  std::lock_guard lock(shaMutex_);
  auto it = shaByLua_.find(lua);
  if (it != shaByLua_.end())
    return it->second;
  // Redis names a script by the SHA1 of its body, so the sha is known without a round trip.
  Poco::SHA1Engine engine;
  engine.update(lua);
  std::string sha = Poco::DigestEngine::digestToHex(engine.digest());
  shaByLua_.emplace(lua, sha);
  return sha;
}

RespReply RedisStore::evalFull(const std::string& lua, const std::vector<std::string>& fullKeys,
                               const std::vector<std::string>& args, const std::string& name) {
  std::vector<std::string> command{"EVALSHA", shaOf(lua), std::to_string(fullKeys.size())};
  command.insert(command.end(), fullKeys.begin(), fullKeys.end());
  command.insert(command.end(), args.begin(), args.end());
  RespReply reply = pool_.execute(command, "script");
  if (reply.type == RespReply::Type::kError && reply.string.rfind("NOSCRIPT", 0) == 0) {
    // Redis restarted or its script cache was flushed: load the body and retry once.
    const RespReply loaded = pool_.execute({"SCRIPT", "LOAD", lua}, "script");
    if (loaded.type == RespReply::Type::kError) {
      throw std::runtime_error("realtime: SCRIPT LOAD " + name + " failed: " + loaded.string);
    }
    reply = pool_.execute(command, "script");
  }
  if (reply.type == RespReply::Type::kError) {
    if (isTransientError(reply.string)) {
      countRedisError(metrics_, "script");
      throw StoreUnavailable("redis busy: " + reply.string);
    }
    throw std::runtime_error("realtime: script " + name + " failed: " + reply.string);
  }
  return reply;
}

std::optional<std::string> RedisStore::get(const std::string& key) {
  return optionalStringOf(call({"GET", full(key)}, "command"));
}

void RedisStore::set(const std::string& key, const std::string& value, Millis ttl) {
  requireTtl(ttl);
  call({"SET", full(key), value, "PX", std::to_string(ttl.count())}, "command");
}

bool RedisStore::setIfAbsent(const std::string& key, const std::string& value, Millis ttl) {
  requireTtl(ttl);
  const RespReply reply =
      call({"SET", full(key), value, "NX", "PX", std::to_string(ttl.count())}, "command");
  return reply.type != RespReply::Type::kNil;
}

std::int64_t RedisStore::del(const std::vector<std::string>& keys) {
  if (keys.empty())
    return 0;
  std::vector<std::string> command{"DEL"};
  for (const auto& key : keys)
    command.push_back(full(key));
  return integerOf(call(command, "command"));
}

std::int64_t RedisStore::incrBy(const std::string& key, std::int64_t delta, Millis ttl) {
  requireTtl(ttl);
  return integerOf(evalFull(kIncrByLua, {full(key)},
                            {std::to_string(delta), std::to_string(ttl.count())}, "incrby"));
}

std::int64_t RedisStore::pttl(const std::string& key) {
  return integerOf(call({"PTTL", full(key)}, "command"));
}

bool RedisStore::expire(const std::string& key, Millis ttl) {
  requireTtl(ttl);
  return integerOf(call({"PEXPIRE", full(key), std::to_string(ttl.count())}, "command")) == 1;
}

void RedisStore::hset(const std::string& key, const std::map<std::string, std::string>& fields,
                      Millis ttl) {
  requireTtl(ttl);
  if (fields.empty())
    throw std::invalid_argument("realtime: hset needs at least one field");
  std::vector<std::string> args{std::to_string(ttl.count())};
  for (const auto& [field, value] : fields) {
    args.push_back(field);
    args.push_back(value);
  }
  evalFull(kHsetLua, {full(key)}, args, "hset");
}

std::optional<std::string> RedisStore::hget(const std::string& key, const std::string& field) {
  return optionalStringOf(call({"HGET", full(key), field}, "command"));
}

std::map<std::string, std::string> RedisStore::hgetall(const std::string& key) {
  const RespReply reply = call({"HGETALL", full(key)}, "command");
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i + 1 < reply.array.size(); i += 2) {
    out[reply.array[i].string] = reply.array[i + 1].string;
  }
  return out;
}

std::int64_t RedisStore::hdel(const std::string& key, const std::vector<std::string>& fields) {
  if (fields.empty())
    return 0;
  std::vector<std::string> command{"HDEL", full(key)};
  command.insert(command.end(), fields.begin(), fields.end());
  return integerOf(call(command, "command"));
}

void RedisStore::pushCapped(const std::string& key, const std::string& value,
                            std::int64_t maxLength, Millis ttl) {
  requireTtl(ttl);
  if (maxLength <= 0)
    throw std::invalid_argument("realtime: pushCapped needs maxLength > 0");
  evalFull(kPushCappedLua, {full(key)},
           {value, std::to_string(maxLength), std::to_string(ttl.count())}, "push_capped");
}

std::vector<std::string> RedisStore::range(const std::string& key, std::int64_t start,
                                           std::int64_t stop) {
  const RespReply reply =
      call({"LRANGE", full(key), std::to_string(start), std::to_string(stop)}, "command");
  std::vector<std::string> out;
  out.reserve(reply.array.size());
  for (const auto& item : reply.array)
    out.push_back(item.string);
  return out;
}

std::vector<std::string> RedisStore::scan(const std::string& pattern) {
  const std::string match = globEscape(prefix_) + pattern;
  std::set<std::string> found;  // SCAN may return a key more than once
  std::string cursor = "0";
  do {
    const RespReply reply = call({"SCAN", cursor, "MATCH", match, "COUNT", "500"}, "command");
    if (reply.type != RespReply::Type::kArray || reply.array.size() != 2) {
      throw std::runtime_error("realtime: unexpected SCAN reply");
    }
    cursor = reply.array[0].string;
    for (const auto& item : reply.array[1].array)
      found.insert(item.string.substr(prefix_.size()));
  } while (cursor != "0");
  return {found.begin(), found.end()};
}

Value RedisStore::eval(const Script& script, const std::vector<std::string>& keys,
                       const std::vector<std::string>& args) {
  if (script.lua.empty())
    throw std::invalid_argument("realtime: script has no Lua body");
  std::vector<std::string> fullKeys;
  fullKeys.reserve(keys.size());
  for (const auto& key : keys)
    fullKeys.push_back(full(key));
  return toValue(evalFull(script.lua, fullKeys, args, script.name));
}

std::int64_t RedisStore::publish(const std::string& channel, const std::string& message) {
  return integerOf(call({"PUBLISH", full(channel), message}, "publish"));
}

std::unique_ptr<Subscription> RedisStore::subscribe(const std::vector<std::string>& channels,
                                                    SubscriptionHandlers handlers) {
  return subscriber_.subscribe(channels, std::move(handlers));
}

std::int64_t RedisStore::nowMs() {
  const RespReply reply = call({"TIME"}, "command");
  if (reply.type != RespReply::Type::kArray || reply.array.size() != 2) {
    throw std::runtime_error("realtime: unexpected TIME reply");
  }
  return parseInt(reply.array[0].string) * 1000 + parseInt(reply.array[1].string) / 1000;
}

util::HealthStatus RedisStore::checkHealth() {
  try {
    const RespReply reply = call({"PING"}, "ping");
    if (reply.type == RespReply::Type::kSimpleString && reply.string == "PONG") {
      return {true, "ok"};
    }
    return {false, "unexpected PING reply"};
  } catch (const std::exception& e) {
    return {false, e.what()};
  }
}

}  // namespace streamit::realtime
