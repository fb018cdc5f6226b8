#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "http/upgrade.h"

namespace streamit::http {

using Handler = std::function<Response(const Request&)>;

// Maps (method, path) to a handler. Patterns are literal segments and `{name}` parameters,
// e.g. "/api/v1/rooms/{code}/ws". Literal segments win over parameters at the same depth, so
// "/rooms/public" and "/rooms/{code}" coexist. Pure: no I/O, safe to share read-only between
// threads once built.
class Router {
 public:
  // Throws std::invalid_argument on a malformed pattern or a duplicate (method, pattern).
  void add(const std::string& method, const std::string& pattern, Handler handler);
  // A WebSocket upgrade route (http/upgrade.h): matched for GET only (HEAD and other methods
  // get METHOD_NOT_ALLOWED). The HTTP server validates the handshake before calling `handler`.
  // Dispatched directly (without the server) it behaves as a Handler answering either the
  // refusal or status 101 with the accept parked in detail::pendingUpgrade().
  void addUpgrade(const std::string& pattern, UpgradeHandler handler);

  // Called for requests no route matches (instead of NOT_FOUND); the static web app uses it.
  void setFallback(Handler handler) { fallback_ = std::move(handler); }
  const Handler* fallback() const { return fallback_ ? &fallback_ : nullptr; }

  struct Match {
    const Handler* handler = nullptr;
    bool upgrade = false;  // registered with addUpgrade
    std::string pattern;
    std::map<std::string, std::string> params;
  };
  enum class Miss { kNotFound, kMethodNotAllowed };
  struct Result {
    std::optional<Match> match;
    Miss miss = Miss::kNotFound;
    std::vector<std::string> allowedMethods;  // set on kMethodNotAllowed
  };
  Result route(const std::string& method, std::string_view path) const;

 private:
  struct Segment {
    bool isParam;
    std::string text;  // literal text or parameter name
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    bool upgrade = false;
  };
  static bool matches(const Route& route, const std::vector<std::string_view>& parts,
                      std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  Handler fallback_;
};

// Splits "/a/b/" into {"a","b"}; empty segments from repeated slashes are kept so that
// "/a//b" never matches "/a/b".
std::vector<std::string_view> splitPath(std::string_view path);

// Percent-decodes a path segment or query component ('+' → ' ' only when `plusIsSpace`).
// Returns nullopt on malformed escapes.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);

// Parses "a=1&b=x%20y"; malformed pairs are skipped.
std::map<std::string, std::string> parseQuery(std::string_view query);

}  // namespace streamit::http
