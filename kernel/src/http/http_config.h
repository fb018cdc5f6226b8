#pragma once

#include <cstdint>
#include <string>

namespace streamit::http {

// The `http:` section of the config file.
struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 16;      // Poco HTTPServer worker threads (REST only; WebSockets leave it)
  int max_queued = 256;  // accepted connections waiting for a worker before refusal
  std::int64_t body_limit_bytes = std::int64_t{64} * 1024;
  int request_timeout_ms = 15000;  // socket receive/send timeout of a REST connection
  int keep_alive_timeout_ms = 10000;
  bool access_log = true;
  std::string public_base_url;  // printed at start-up; derived from host:port when empty
};

}  // namespace streamit::http
