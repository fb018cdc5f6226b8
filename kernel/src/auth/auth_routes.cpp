#include "auth/auth_routes.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <sstream>
#include <string>

#include "auth/authorizer.h"
#include "http/api_error.h"
#include "http/request_input.h"
#include "log/logger.h"
#include "plugins/plugin_clients.h"
#include "realtime/keys.h"
#include "rooms/room_code.h"

namespace streamit::auth {
namespace {

constexpr std::string_view kGuestSchemeId = "auth.guest";
constexpr std::string_view kLocalSchemeId = "auth.local";
// Account sign-in throttling (GCRA). Per client address: a person mistyping, a household
// behind one NAT, never a dictionary. Per account: slows guessing one account from many
// addresses; it also lets a stranger slow a victim's own logins, so it is looser than a
// lock-out — a minute of waiting, never a locked account.
constexpr double kLoginsPerAddressPerS = 20.0 / 60.0;
constexpr std::int64_t kLoginAddressBurst = 30;
constexpr double kLoginsPerAccountPerS = 5.0 / 60.0;
constexpr std::int64_t kLoginAccountBurst = 10;
// Registrations create rows: 3 per minute per address, bursts of 5.
constexpr double kRegistrationsPerS = 3.0 / 60.0;
constexpr std::int64_t kRegistrationBurst = 5;
// Bounds before the plugin sees the fields (its own policy is stricter).
constexpr std::size_t kMaxUsernameBytes = 64;
constexpr std::size_t kMaxPasswordBytes = 1024;
// Guest sign-in creates an identity per call, so it is the cheapest way to mint tokens in
// bulk: 5 per minute per client address sustained, bursts of 10 (a family behind one NAT
// signing in together).
constexpr double kGuestSignInsPerS = 5.0 / 60.0;
constexpr std::int64_t kGuestSignInBurst = 10;
// A bound before the plugin sees the name: 32 code points are at most 128 bytes, plus room
// for white space the plugin trims.
constexpr std::size_t kMaxDisplayNameBytes = 256;
// TokenService refuses anything larger unread; the same bound keeps the request parser honest.
constexpr std::size_t kMaxTokenBytes = 8192;

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

// The body every sign-in and refresh answers with.
http::Response sessionResponse(const SessionTokenPair& pair, const Principal& principal,
                               std::int64_t nowS) {
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
  reply->set("access_token", pair.access.token);
  reply->set("token_type", "Bearer");
  reply->set("expires_in", pair.access.expiresAtS - nowS);
  reply->set("refresh_token", pair.refresh.token);
  reply->set("refresh_expires_in", pair.refresh.expiresAtS - nowS);
  reply->set("user", userJson(principal));
  return tokenResponse(reply);
}

http::Response signInGuest(plugins::PluginManager& plugins, const AuthServices& auth,
                           const http::Request& request) {
  const AuthConfig& config = auth.config();
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
  return sessionResponse(auth.sessions().start(principal), principal, nowS);
}

[[noreturn]] void rateLimited(const ratelimit::Verdict& verdict, const std::string& message) {
  throw http::ApiError(http::errors::kRateLimited, message,
                       {{"retry_after_ms", std::to_string(verdict.retryAfterMs)}});
}

// The plugin's "<field>: ..." message → VALIDATION_FAILED naming the field.
[[noreturn]] void validationFailed(const std::string& message) {
  const auto colon = message.find(':');
  const std::string fieldName = colon == std::string::npos ? "" : message.substr(0, colon);
  if (fieldName == "username" || fieldName == "password" || fieldName == "display_name")
    throw http::ApiError(http::errors::kValidationFailed, message, {{"field", fieldName}});
  throw http::ApiError(http::errors::kValidationFailed, message);
}

// POST /api/v1/auth/register and /login: the auth.local plugin proves who the user is
// (policy, scrypt, the accounts table); the kernel assigns scopes and starts the session.
http::Response signInAccount(plugins::PluginManager& plugins, const AuthServices& auth,
                             const http::Request& request, bool registering) {
  auto scheme = plugins.authScheme(kLocalSchemeId);
  if (!scheme) {
    throw http::ApiError(http::errors::kNotFound,
                         "accounts are not enabled (no auth.local plugin is loaded)");
  }
  const auto body = http::jsonObjectBody(request);
  Poco::JSON::Object::Ptr credentials = new Poco::JSON::Object;
  credentials->set("action", registering ? "register" : "login");
  credentials->set("username", http::requireString(*body, "username", kMaxUsernameBytes));
  credentials->set("password", http::requireString(*body, "password", kMaxPasswordBytes));
  if (registering) {
    credentials->set("display_name",
                     http::requireString(*body, "display_name", kMaxDisplayNameBytes));
  }
  const plugins::AuthClient client(scheme);
  const auto result = client.authenticate(toJsonText(credentials));
  switch (result.status) {
    case STREAMIT_STATUS_OK:
      break;
    case STREAMIT_STATUS_DENIED:
      // One answer for an unknown user and a wrong password: probing learns nothing.
      throw http::ApiError(http::errors::kUnauthorized, "invalid username or password");
    case STREAMIT_STATUS_INVALID_ARGUMENT:
      validationFailed(result.error);
    case STREAMIT_STATUS_CONFLICT:
      throw http::ApiError(http::errors::kConflict, "username: already taken",
                           {{"field", "username"}});
    case STREAMIT_STATUS_UNAVAILABLE:
      throw http::ApiError(http::errors::kDbUnavailable, "the account database is unavailable");
    default:
      log::Logger("auth").error("account sign-in failed in the plugin",
                                {{"plugin", std::string(kLocalSchemeId)}, {"error", result.error}});
      throw http::ApiError(http::errors::kInternalError, "sign-in failed");
  }
  // The plugin may only vouch for accounts: a guest subject from it would bypass auth.guest.
  if (kindOfSubject(result.value.subject) != UserKind::kAccount ||
      result.value.display_name.empty()) {
    log::Logger("auth").error(
        "account sign-in failed in the plugin",
        {{"plugin", std::string(kLocalSchemeId)}, {"error", "not an account principal"}});
    throw http::ApiError(http::errors::kInternalError, "sign-in failed");
  }
  const Principal principal{
      result.value.subject, result.value.display_name, UserKind::kAccount,
      defaultScopes(UserKind::kAccount, auth.config().guests_may_create_rooms, false)};
  const std::int64_t nowS = systemNowS();
  http::Response response = sessionResponse(auth.sessions().start(principal), principal, nowS);
  if (registering)
    response.status = 201;
  return response;
}

// The per-account throttle key: the name as the plugin folds it (ASCII lower case), or
// nothing when it cannot be a username at all (then only the address limit applies).
std::optional<std::string> accountThrottleKey(const http::Request& request) {
  try {
    const auto body = http::jsonObjectBody(request);
    const auto name = http::optionalString(*body, "username", kMaxUsernameBytes);
    if (!name)
      return std::nullopt;
    std::string folded = *name;
    for (char& c : folded)
      c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (!realtime::keys::isValidPart(folded))
      return std::nullopt;
    return folded;
  } catch (const http::ApiError&) {
    return std::nullopt;  // the handler reports the bad body itself
  }
}

http::Response refreshSession(const AuthServices& auth, const http::Request& request) {
  const auto body = http::jsonObjectBody(request);
  const std::string refreshToken = http::requireString(*body, "refresh_token", kMaxTokenBytes);
  const std::int64_t nowS = systemNowS();
  const SessionTokenPair pair = auth.sessions().refresh(refreshToken);
  return sessionResponse(pair, pair.principal, nowS);
}

http::Response logout(const AuthServices& auth, const http::Request& request) {
  const VerifyResult access = auth.authorizer().authenticateToken(request);
  std::optional<std::string> refreshToken;
  if (!request.body.empty()) {
    const auto body = http::jsonObjectBody(request);
    refreshToken = http::optionalString(*body, "refresh_token", kMaxTokenBytes);
  }
  auth.sessions().logout(access, refreshToken);
  return http::Response::json(204, "");
}

http::Response issueWsTicket(AuthServices& auth, const http::Request& request) {
  // The canonical code, as the WebSocket upgrade will compare it (rooms::normalizeRoomCode);
  // whether the room exists is the gateway's question when the ticket is redeemed.
  const auto code = rooms::normalizeRoomCode(request.pathParams.at("code"));
  if (!code)
    throw http::ApiError(http::errors::kValidationFailed, "code: not a room code",
                         {{"field", "code"}});
  const VerifyResult access = auth.authorizer().authenticateToken(request);
  if (const auto denied = requireScope(access.principal, kScopeRoomJoin)) {
    throw http::ApiError(*denied, "this action needs the 'room:join' scope",
                         {{"scope", std::string(kScopeRoomJoin)}});
  }
  const WsTicketGrant grant = auth.wsTickets().issue(access, *code);
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
  reply->set("ticket", grant.ticket);
  reply->set("expires_in", grant.expiresInS);
  return tokenResponse(reply);
}

}  // namespace

void addAuthRoutes(http::Router& router, plugins::PluginManager& plugins, AuthServices& auth,
                   ratelimit::RateLimiter& limiter) {
  const ratelimit::Limit guestLimit{kGuestSignInsPerS, kGuestSignInBurst};
  router.add("POST", "/api/v1/auth/guest",
             [&plugins, &auth, &limiter, guestLimit](const http::Request& request) {
               const auto verdict = limiter.check("auth_guest", request.remoteAddress, guestLimit);
               if (!verdict.allowed) {
                 throw http::ApiError(http::errors::kRateLimited,
                                      "too many guest sign-ins; retry later",
                                      {{"retry_after_ms", std::to_string(verdict.retryAfterMs)}});
               }
               return signInGuest(plugins, auth, request);
             });
  router.add("GET", "/api/v1/auth/me", [&auth](const http::Request& request) {
    Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
    reply->set("user", userJson(auth.authorizer().authenticate(request)));
    return http::Response::json(200, toJsonText(reply));
  });
  const ratelimit::Limit registerLimit{kRegistrationsPerS, kRegistrationBurst};
  router.add("POST", "/api/v1/auth/register",
             [&plugins, &auth, &limiter, registerLimit](const http::Request& request) {
               const auto verdict =
                   limiter.check("auth_register", request.remoteAddress, registerLimit);
               if (!verdict.allowed)
                 rateLimited(verdict, "too many registrations; retry later");
               return signInAccount(plugins, auth, request, true);
             });
  const ratelimit::Limit addressLimit{kLoginsPerAddressPerS, kLoginAddressBurst};
  const ratelimit::Limit accountLimit{kLoginsPerAccountPerS, kLoginAccountBurst};
  router.add("POST", "/api/v1/auth/login",
             [&plugins, &auth, &limiter, addressLimit, accountLimit](const http::Request& request) {
               auto verdict = limiter.check("auth_login_addr", request.remoteAddress, addressLimit);
               if (!verdict.allowed)
                 rateLimited(verdict, "too many sign-in attempts from this address; retry later");
               if (const auto account = accountThrottleKey(request)) {
                 verdict = limiter.check("auth_login_user", *account, accountLimit);
                 if (!verdict.allowed)
                   rateLimited(verdict, "too many sign-in attempts for this account; retry later");
               }
               return signInAccount(plugins, auth, request, false);
             });
  router.add("POST", "/api/v1/auth/refresh",
             [&auth](const http::Request& request) { return refreshSession(auth, request); });
  router.add("POST", "/api/v1/auth/logout",
             [&auth](const http::Request& request) { return logout(auth, request); });
  router.add("POST", "/api/v1/rooms/{code}/ws-ticket",
             [&auth](const http::Request& request) { return issueWsTicket(auth, request); });
}

}  // namespace streamit::auth
