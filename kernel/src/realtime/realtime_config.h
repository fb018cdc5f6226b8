#pragma once

#include <string>

namespace streamit::realtime {

// The `realtime.redis:` section.
struct RedisConfig {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;  // secret: may come from `password_file`
  int database = 0;
  int pool_size = 8;
  int connect_timeout_ms = 500;
  int command_timeout_ms = 500;
  int reconnect_backoff_min_ms = 50;
  int reconnect_backoff_max_ms = 2000;
};

// The `realtime:` section.
struct RealtimeConfig {
  enum class Backend { kMemory, kRedis };
  Backend backend = Backend::kMemory;
  // Prepended to every key and channel so several deployments can share one Redis.
  std::string key_prefix = "streamit:";
  RedisConfig redis;
};

}  // namespace streamit::realtime
