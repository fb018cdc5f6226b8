#pragma once

#include <memory>

#include "http/dispatcher.h"
#include "http/http_config.h"
#include "http/router.h"
#include "metrics/registry.h"

namespace Poco::Net {
class HTTPServer;
}

namespace streamit::http {

// Poco HTTPServer bound to HttpConfig: explicit thread pool and queue sizes, a body limit
// enforced before a handler runs, request ids, one Dispatcher for every request.
class HttpServer {
 public:
  HttpServer(const HttpConfig& config, const Router& router, metrics::Registry& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds (without SO_REUSEPORT, so a stale server on the port is an error, not a silent
  // split of traffic) and starts accepting.
  void start();
  // Stops accepting and waits for in-flight requests to finish.
  void stop();
  // The bound port (useful when the config asked for port 0).
  int port() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace streamit::http
