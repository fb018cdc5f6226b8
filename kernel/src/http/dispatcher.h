#pragma once

#include <chrono>

#include "http/message.h"
#include "http/router.h"
#include "log/logger.h"
#include "metrics/registry.h"

namespace streamit::http {

// Turns a parsed Request into a Response: routes it, runs the handler, maps every failure to
// the error envelope (ApiError → its code; BackendUnavailable → DB_UNAVAILABLE or
// STATE_UNAVAILABLE; anything else → INTERNAL_ERROR without leaking the exception text),
// records metrics and writes the access log. Socket-free, so it is unit-tested directly.
class Dispatcher {
 public:
  Dispatcher(const Router& router, metrics::Registry& metrics, bool accessLog);

  // `request.route`, `pathParams` are filled in here.
  Response dispatch(Request request) const;

  // Records metrics + access log for a response produced outside the router (e.g. 413
  // before the body was read).
  void observe(const Request& request, const std::string& route, const Response& response,
               std::chrono::steady_clock::duration elapsed) const;

 private:
  Response invoke(Request& request) const;
  // Runs a handler and maps what it throws to the error envelope.
  Response call(const Handler& handler, const Request& request) const;

  const Router& router_;
  metrics::Registry& metrics_;
  bool accessLog_;
  log::Logger logger_{"http"};
};

}  // namespace streamit::http
