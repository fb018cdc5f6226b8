#include "http/dispatcher.h"

#include <exception>

#include "http/api_error.h"
#include "http/error_envelope.h"
#include "util/backend_error.h"

namespace streamit::http {
namespace {

// Unmatched paths share one label so scanners cannot blow up metric cardinality.
constexpr const char* kUnmatchedRoute = "unmatched";
// Requests served by the router's fallback (the web app's files) share one label too.
constexpr const char* kFallbackRoute = "static";

}  // namespace

Dispatcher::Dispatcher(const Router& router, metrics::Registry& metrics, bool accessLog)
    : router_(router), metrics_(metrics), accessLog_(accessLog) {}

Response Dispatcher::invoke(Request& request) const {
  const auto result = router_.route(request.method, request.path);
  if (!result.match && result.miss == Router::Miss::kNotFound && router_.fallback()) {
    request.route = kFallbackRoute;
    return call(*router_.fallback(), request);
  }
  if (!result.match) {
    request.route = kUnmatchedRoute;
    if (result.miss == Router::Miss::kMethodNotAllowed) {
      std::string allow;
      for (const auto& m : result.allowedMethods)
        allow += (allow.empty() ? "" : ", ") + m;
      auto response =
          errorResponse(errors::kMethodNotAllowed,
                        request.method + " is not allowed on " + request.path, {{"allow", allow}});
      response.headers["Allow"] = allow;
      return response;
    }
    return errorResponse(errors::kNotFound, "no route for " + request.path);
  }
  request.route = result.match->pattern;
  request.pathParams = result.match->params;
  return call(*result.match->handler, request);
}

Response Dispatcher::call(const Handler& handler, const Request& request) const {
  try {
    return handler(request);
  } catch (const ApiError& e) {
    return errorResponse(e.code(), e.what(), e.details());
  } catch (const util::BackendUnavailable& e) {
    const bool realtime = e.backend() == "realtime";
    logger_.warn("backend unavailable", {{"backend", e.backend()}, {"error", e.what()}});
    metrics_
        .counter("streamit_http_backend_unavailable_total",
                 "Requests answered 503 because a backend was down", {{"backend", e.backend()}})
        .inc();
    return errorResponse(realtime ? errors::kStateUnavailable : errors::kDbUnavailable,
                         realtime ? "realtime store unavailable, retry shortly"
                                  : "database unavailable, retry shortly");
  } catch (const std::exception& e) {
    logger_.error("handler failed", {{"route", request.route}, {"error", e.what()}});
    return errorResponse(errors::kInternalError,
                         "internal error (request " + request.requestId + ")");
  }
}

Response Dispatcher::dispatch(Request request) const {
  const auto start = std::chrono::steady_clock::now();
  Response response = invoke(request);
  observe(request, request.route, response, std::chrono::steady_clock::now() - start);
  return response;
}

void Dispatcher::observe(const Request& request, const std::string& route, const Response& response,
                         std::chrono::steady_clock::duration elapsed) const {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  metrics_
      .counter("streamit_http_requests_total", "HTTP requests by route, method and status",
               {{"route", route},
                {"method", request.method},
                {"status", std::to_string(response.status)}})
      .inc();
  metrics_
      .histogram("streamit_http_request_duration_seconds", "HTTP handling latency by route",
                 {{"route", route}})
      .observe(seconds);
  if (accessLog_) {
    logger_.info("request", {{"method", request.method},
                             {"path", request.path},
                             {"route", route},
                             {"status", std::to_string(response.status)},
                             {"duration_ms", std::to_string(seconds * 1000.0)},
                             {"bytes", std::to_string(response.body.size())},
                             {"remote", request.remoteAddress}});
  }
}

}  // namespace streamit::http
