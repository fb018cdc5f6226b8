#include "auth/ws_auth.h"

#include <algorithm>

#include "http/api_error.h"

namespace streamit::auth {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  return std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    };
    return lower(x) == lower(y);
  });
}

}  // namespace

bool isOriginAllowed(std::string_view origin, const std::vector<std::string>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [origin](const std::string& entry) {
    return equalsIgnoreCase(origin, entry);
  });
}

WsAuthenticator::WsAuthenticator(const Authorizer& authorizer, WsTickets& tickets,
                                 RevocationList& revoked, std::vector<std::string> allowedOrigins,
                                 ClockMsFn clockMs)
    : authorizer_(authorizer),
      tickets_(tickets),
      revoked_(revoked),
      allowedOrigins_(std::move(allowedOrigins)),
      clockMs_(std::move(clockMs)) {}

Principal WsAuthenticator::authenticateWebSocket(const http::Request& request,
                                                 std::string_view roomCode) const {
  // Origin first: a page on a foreign site must learn nothing about its credentials, and a
  // cross-site WebSocket is exactly the CSRF case the browser leaves to the server.
  const auto origin = request.headers.find("origin");
  const bool hasOrigin = origin != request.headers.end();
  if (hasOrigin && !isOriginAllowed(origin->second, allowedOrigins_)) {
    throw http::ApiError(http::errors::kForbidden,
                         "this Origin may not open WebSockets (auth.ws_allowed_origins)");
  }
  if (!request.header("authorization").empty())
    return authorizer_.require(request, kScopeRoomJoin);

  const auto ticket = request.query.find("ticket");
  if (ticket == request.query.end()) {
    throw http::ApiError(http::errors::kUnauthorized,
                         "a WebSocket needs 'Authorization: Bearer <token>' or '?ticket=<ticket>'");
  }
  if (!hasOrigin) {
    throw http::ApiError(http::errors::kUnauthorized,
                         "a ws-ticket is only accepted from a browser (with an Origin header); "
                         "other clients use 'Authorization: Bearer <token>'");
  }
  return fromTicket(ticket->second, roomCode);
}

Principal WsAuthenticator::fromTicket(const std::string& ticket, std::string_view roomCode) const {
  // Redeeming burns the ticket even when it is then refused: a ticket tried against the wrong
  // room was leaked or misused, and must not get a second chance.
  const auto redeemed = tickets_.redeem(ticket);
  if (!redeemed) {
    throw http::ApiError(http::errors::kUnauthorized,
                         "the ws-ticket is not valid (unknown, expired or already used)");
  }
  if (clockMs_() >= redeemed->expiresAtMs)
    throw http::ApiError(http::errors::kUnauthorized, "the ws-ticket has expired");
  if (redeemed->room != roomCode)
    throw http::ApiError(http::errors::kForbidden, "the ws-ticket was issued for another room");
  const bool revoked =
      (!redeemed->accessJti.empty() && revoked_.isTokenRevoked(redeemed->accessJti)) ||
      (!redeemed->accessFamily.empty() && revoked_.isFamilyRevoked(redeemed->accessFamily));
  if (revoked)
    throw http::ApiError(http::errors::kUnauthorized, "the session behind the ws-ticket has ended");
  if (const auto code = requireScope(redeemed->principal, kScopeRoomJoin)) {
    throw http::ApiError(*code, "this action needs the 'room:join' scope",
                         {{"scope", std::string(kScopeRoomJoin)}});
  }
  return redeemed->principal;
}

}  // namespace streamit::auth
