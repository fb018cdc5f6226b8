#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/authorizer.h"
#include "auth/revocation_list.h"
#include "auth/scopes.h"
#include "auth/ws_tickets.h"
#include "http/message.h"

namespace streamit::auth {

// True when `origin` (an Origin header value) is in `allowed`. Origins are compared
// ASCII-case-insensitively (scheme and host are case-insensitive; browsers send lower case).
// Pure.
bool isOriginAllowed(std::string_view origin, const std::vector<std::string>& allowed);

// Authenticates a WebSocket upgrade on the HTTP thread, before the handshake is answered, so
// a refused upgrade gets an ordinary HTTP error and never a socket. Consistent with REST: the
// same access tokens, the same revocation, the room:join scope.
//
// - `Origin` present (a browser): it must be in auth.ws_allowed_origins, else FORBIDDEN.
//   An empty list allows no browser at all.
// - `Authorization: Bearer <access token>`: checked by the Authorizer (UNAUTHORIZED /
//   TOKEN_EXPIRED), with or without Origin.
// - `?ticket=<ws-ticket>`: only with an (allowed) Origin — a ticket is the browser path, and a
//   client that cannot send Origin can send a bearer header. Single-use, bound to the room.
// - neither: UNAUTHORIZED.
// Whether the room exists is not checked here. Thread-safe; every referenced object must
// outlive this one.
class WsAuthenticator {
 public:
  WsAuthenticator(const Authorizer& authorizer, WsTickets& tickets, RevocationList& revoked,
                  std::vector<std::string> allowedOrigins, ClockMsFn clockMs);

  // Throws http::ApiError (UNAUTHORIZED / TOKEN_EXPIRED / FORBIDDEN) on refusal; may throw
  // realtime::StoreUnavailable (→ STATE_UNAVAILABLE) when tickets or revocations are unreadable.
  Principal authenticateWebSocket(const http::Request& request, std::string_view roomCode) const;

 private:
  Principal fromTicket(const std::string& ticket, std::string_view roomCode) const;

  const Authorizer& authorizer_;
  WsTickets& tickets_;
  RevocationList& revoked_;
  std::vector<std::string> allowedOrigins_;
  ClockMsFn clockMs_;
};

}  // namespace streamit::auth
