#include "auth/auth_routes.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>
#include <string>

#include "auth/authorizer.h"
#include "http/api_error.h"
#include "http/request_input.h"
#include "log/logger.h"
#include "plugins/plugin_clients.h"

namespace streamit::auth {
namespace {

constexpr std::string_view kGuestSchemeId = "auth.guest";
// Guest sign-in creates an identity per call, so it is the cheapest way to mint tokens in
// bulk: 5 per minute per client address sustained, bursts of 10 (a family behind one NAT
// signing in together).
constexpr double kGuestSignInsPerS = 5.0 / 60.0;
constexpr std::int64_t kGuestSignInBurst = 10;
// A bound before the plugin sees the name: 32 code points are at most 128 bytes, plus room
// for white space the plugin trims.
constexpr std::size_t kMaxDisplayNameBytes = 256;

std::string toJsonText(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

std::string_view kindName(UserKind kind) {
  return kind == UserKind::kGuest ? "guest" : "account";
}

Poco::JSON::Object::Ptr userJson(const Principal& principal) {
  Poco::JSON::Object::Ptr user = new Poco::JSON::Object;
  user->set("id", principal.subject);
  user->set("display_name", principal.displayName);
  user->set("kind", std::string(kindName(principal.kind)));
  Poco::JSON::Array::Ptr scopes = new Poco::JSON::Array;
  for (const auto& scope : principal.scopes)
    scopes->add(scope);
  user->set("scopes", scopes);
  return user;
}

http::Response tokenResponse(const Poco::JSON::Object::Ptr& body) {
  http::Response response = http::Response::json(200, toJsonText(body));
  // RFC 6749 §5.1: responses carrying tokens must not be cached by anything on the way.
  response.headers["Cache-Control"] = "no-store";
  return response;
}

http::Response signInGuest(plugins::PluginManager& plugins, const TokenService& tokens,
                           const AuthConfig& config, const http::Request& request) {
  auto scheme = plugins.authScheme(kGuestSchemeId);
  if (!scheme) {
    // Without the plugin the endpoint does not exist for this deployment.
    throw http::ApiError(http::errors::kNotFound,
                         "guest sign-in is not enabled (no auth.guest plugin is loaded)");
  }
  const auto body = http::jsonObjectBody(request);
  const std::string displayName = http::requireString(*body, "display_name", kMaxDisplayNameBytes);
  Poco::JSON::Object::Ptr credentials = new Poco::JSON::Object;
  credentials->set("display_name", displayName);
  const plugins::AuthClient client(scheme);
  const auto result = client.authenticate(toJsonText(credentials));
  if (result.status == STREAMIT_STATUS_INVALID_ARGUMENT) {
    const std::string prefix = "display_name: ";
    throw http::ApiError(http::errors::kValidationFailed,
                         result.error.rfind(prefix, 0) == 0 ? result.error : prefix + result.error,
                         {{"field", "display_name"}});
  }
  // A plugin may only vouch for guests: a "user:" subject from it would be an account nobody
  // signed in to.
  if (!result.ok() || kindOfSubject(result.value.subject) != UserKind::kGuest ||
      result.value.display_name.empty()) {
    log::Logger("auth").error("guest sign-in failed in the plugin",
                              {{"plugin", std::string(kGuestSchemeId)},
                               {"error", result.ok() ? "not a guest principal" : result.error}});
    throw http::ApiError(http::errors::kInternalError, "guest sign-in failed");
  }
  const Principal principal{result.value.subject, result.value.display_name, UserKind::kGuest,
                            defaultScopes(UserKind::kGuest, config.guests_may_create_rooms, false)};
  const std::int64_t nowS = systemNowS();
  const IssuedToken issued = tokens.issue(principal, TokenType::kAccess, nowS);
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
  reply->set("access_token", issued.token);
  reply->set("token_type", "Bearer");
  reply->set("expires_in", issued.expiresAtS - nowS);
  reply->set("user", userJson(principal));
  return tokenResponse(reply);
}

}  // namespace

void addAuthRoutes(http::Router& router, plugins::PluginManager& plugins,
                   const TokenService& tokens, const AuthConfig& config,
                   ratelimit::RateLimiter& limiter) {
  const ratelimit::Limit guestLimit{kGuestSignInsPerS, kGuestSignInBurst};
  router.add("POST", "/api/v1/auth/guest",
             [&plugins, &tokens, &config, &limiter, guestLimit](const http::Request& request) {
               const auto verdict = limiter.check("auth_guest", request.remoteAddress, guestLimit);
               if (!verdict.allowed) {
                 throw http::ApiError(http::errors::kRateLimited,
                                      "too many guest sign-ins; retry later",
                                      {{"retry_after_ms", std::to_string(verdict.retryAfterMs)}});
               }
               return signInGuest(plugins, tokens, config, request);
             });
  router.add("GET", "/api/v1/auth/me",
             [authorizer = Authorizer(tokens, &systemNowS)](const http::Request& request) {
               Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
               reply->set("user", userJson(authorizer.authenticate(request)));
               return http::Response::json(200, toJsonText(reply));
             });
}

}  // namespace streamit::auth
