#include "realtime/redis_connection_pool.h"

#include <Poco/Exception.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/Type.h>
#include <Poco/Timespan.h>

#include "log/logger.h"
#include "realtime/realtime_store.h"
#include "realtime/redis_errors.h"

namespace streamit::realtime {
namespace {

const log::Logger& logger() {
  static const log::Logger instance("realtime");
  return instance;
}

Poco::Timespan millisToTimespan(int ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms) * 1000);
}

RespReply convert(const Poco::Redis::RedisType::Ptr& value) {
  using Poco::Redis::Type;
  RespReply out;
  if (value.isNull())
    return out;
  if (value->isInteger()) {
    out.type = RespReply::Type::kInteger;
    out.integer = dynamic_cast<const Type<Poco::Int64>&>(*value).value();
  } else if (value->isSimpleString()) {
    out.type = RespReply::Type::kSimpleString;
    out.string = dynamic_cast<const Type<std::string>&>(*value).value();
  } else if (value->isBulkString()) {
    const auto& bulk = dynamic_cast<const Type<Poco::Redis::BulkString>&>(*value).value();
    if (!bulk.isNull()) {
      out.type = RespReply::Type::kBulkString;
      out.string = bulk.value();
    }
  } else if (value->isError()) {
    out.type = RespReply::Type::kError;
    out.string = dynamic_cast<const Type<Poco::Redis::Error>&>(*value).value().getMessage();
  } else if (value->isArray()) {
    const auto& array = dynamic_cast<const Type<Poco::Redis::Array>&>(*value).value();
    if (!array.isNull()) {
      out.type = RespReply::Type::kArray;
      for (auto it = array.begin(); it != array.end(); ++it)
        out.array.push_back(convert(*it));
    }
  }
  return out;
}

}  // namespace

struct RedisConnectionPool::Connection {
  Poco::Redis::Client client;
  std::uint64_t generation = 0;
};

RedisConnectionPool::RedisConnectionPool(RedisConfig config, metrics::Registry& metrics)
    : config_(std::move(config)),
      metrics_(metrics),
      reconnects_(redisReconnectCounter(metrics, "command")),
      backoff_(Millis(config_.reconnect_backoff_min_ms), Millis(config_.reconnect_backoff_max_ms)) {
}

RedisConnectionPool::~RedisConnectionPool() = default;

void RedisConnectionPool::countError(std::string_view op) {
  countRedisError(metrics_, op);
}

std::unique_ptr<RedisConnectionPool::Connection> RedisConnectionPool::open() {
  auto connection = std::make_unique<Connection>();
  auto& client = connection->client;
  client.connect(config_.host, config_.port, millisToTimespan(config_.connect_timeout_ms));
  // Poco 1.11's Client exposes only the receive timeout. Commands are small and land in the
  // kernel's send buffer, so a hung server shows up as a receive timeout on the reply.
  client.setReceiveTimeout(millisToTimespan(config_.command_timeout_ms));
  auto handshake = [&client](const std::vector<std::string>& args) {
    Poco::Redis::Array command;
    for (const auto& arg : args)
      command << arg;
    const RespReply reply = convert(client.sendCommand(command));
    if (reply.type == RespReply::Type::kError) {
      throw StoreUnavailable(args.front() + " rejected: " + reply.string);
    }
  };
  if (!config_.password.empty())
    handshake({"AUTH", config_.password});
  if (config_.database != 0)
    handshake({"SELECT", std::to_string(config_.database)});
  return connection;
}

std::unique_ptr<RedisConnectionPool::Connection> RedisConnectionPool::acquire(std::string_view op) {
  const auto deadline = std::chrono::steady_clock::now() + Millis(config_.command_timeout_ms);
  std::unique_lock lock(mutex_);
  while (true) {
    while (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->generation == generation_)
        return connection;
      --open_;  // opened before the last failure: probably dead too
    }
    if (backoff_.failing() && std::chrono::steady_clock::now() < backoff_.retryAt()) {
      countError(op);
      throw StoreUnavailable("redis unreachable, retrying later");
    }
    if (open_ < config_.pool_size) {
      if (!backoff_.beginAttempt(std::chrono::steady_clock::now())) {
        countError(op);
        throw StoreUnavailable("redis unreachable, retrying later");
      }
      ++open_;
      const std::uint64_t generation = generation_;
      lock.unlock();
      try {
        auto connection = open();
        connection->generation = generation;
        lock.lock();
        if (backoff_.failing()) {
          logger().info("redis reachable again", {{"host", config_.host}});
          reconnects_.inc();
        }
        backoff_.onSuccess();
        return connection;
      } catch (const std::exception& e) {
        {
          std::lock_guard relock(mutex_);
          --open_;
        }
        available_.notify_one();
        onFailure("connect", generation);
        throw StoreUnavailable(std::string("cannot connect to redis: ") + e.what());
      }
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout) {
      countError(op);
      throw StoreUnavailable("no redis connection free within the command timeout");
    }
  }
}

void RedisConnectionPool::release(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (connection->generation == generation_) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  available_.notify_one();
}

void RedisConnectionPool::onFailure(std::string_view op, std::uint64_t generation) {
  {
    std::lock_guard lock(mutex_);
    // Only the first failure of a generation moves the back-off; a burst of calls failing on
    // the same outage counts once.
    if (generation == generation_) {
      ++generation_;
      if (!backoff_.failing())
        logger().warn("redis connection lost", {{"host", config_.host}});
      backoff_.onFailure(std::chrono::steady_clock::now());
    }
  }
  available_.notify_all();
  countError(op);
}

RespReply RedisConnectionPool::execute(const std::vector<std::string>& args, std::string_view op) {
  auto connection = acquire(op);
  Poco::Redis::Array command;
  for (const auto& arg : args)
    command << arg;
  try {
    RespReply reply = convert(connection->client.sendCommand(command));
    release(std::move(connection));
    return reply;
  } catch (const std::exception& e) {
    // Poco reports timeouts, resets and EOF all as exceptions; the connection's stream state
    // is unknown afterwards, so it is never reused.
    const std::uint64_t generation = connection->generation;
    connection.reset();
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    onFailure(op, generation);
    throw StoreUnavailable(std::string("redis call failed: ") + e.what());
  }
}

}  // namespace streamit::realtime
