#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/registry.h"
#include "realtime/realtime_config.h"
#include "realtime/reconnect_backoff.h"
#include "realtime/resp_parser.h"

namespace Poco::Redis {
class Client;
}

namespace streamit::realtime {

// Command connections to Redis: a bounded pool of Poco::Redis::Client with what Poco 1.11
// lacks (see POCO-1.11-PITFALLS): a receive timeout on every call, a failed call discards its
// connection (and every connection opened before the failure), reconnects are lazy and spaced
// by exponential back-off, and while backing off calls fail fast without touching the network.
// Thread-safe.
class RedisConnectionPool {
 public:
  RedisConnectionPool(RedisConfig config, metrics::Registry& metrics);
  ~RedisConnectionPool();
  RedisConnectionPool(const RedisConnectionPool&) = delete;
  RedisConnectionPool& operator=(const RedisConnectionPool&) = delete;

  // Runs one command. Error replies come back as RespReply::Type::kError; only "could not get
  // an answer" (down, timeout, back-off, pool exhausted) throws StoreUnavailable. `op` is the
  // metrics label for failures.
  RespReply execute(const std::vector<std::string>& args, std::string_view op);

 private:
  struct Connection;
  std::unique_ptr<Connection> acquire(std::string_view op);
  void release(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> open();
  // Records a failure: back-off, drop older connections, count it. Caller does not hold mutex_.
  void onFailure(std::string_view op, std::uint64_t generation);
  void countError(std::string_view op);

  const RedisConfig config_;
  metrics::Registry& metrics_;
  metrics::Counter& reconnects_;

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + checked out + being opened
  std::uint64_t generation_ = 0;
  ReconnectBackoff backoff_;
};

}  // namespace streamit::realtime
