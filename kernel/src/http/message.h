#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace streamit::http {

// A request as handlers see it: already size-checked, body fully read, route matched.
// Plain data so handlers are testable without sockets.
struct Request {
  std::string method;
  std::string path;
  std::string route;  // the matched pattern, e.g. "/api/v1/rooms/{code}" (metrics label)
  std::map<std::string, std::string> pathParams;
  std::map<std::string, std::string> query;    // last value wins for repeated keys
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string requestId;
  std::string remoteAddress;

  // Header by lower-case name; empty when absent.
  std::string header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Response {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;
  // Content-Length announced to a HEAD request when `body` was not read (static files).
  std::optional<std::int64_t> headContentLength;

  static Response json(int status, std::string body) {
    return Response{status, "application/json", std::move(body), {}, std::nullopt};
  }
  static Response text(int status, std::string body, std::string contentType) {
    return Response{status, std::move(contentType), std::move(body), {}, std::nullopt};
  }
};

}  // namespace streamit::http
