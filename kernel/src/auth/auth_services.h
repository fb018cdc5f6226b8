#pragma once

#include "auth/auth_config.h"
#include "auth/authorizer.h"
#include "auth/refresh_families.h"
#include "auth/revocation_list.h"
#include "auth/session_tokens.h"
#include "auth/token_service.h"
#include "auth/ws_auth.h"
#include "auth/ws_tickets.h"
#include "realtime/realtime_store.h"

namespace streamit::auth {

// The kernel's auth objects, built once and shared by every route group and the WebSocket
// gateway, so there is exactly one authorization path and it always checks revocation.
// Constructed without I/O. Not copyable; `tokens`, `store` and `config` must outlive it.
class AuthServices {
 public:
  AuthServices(const TokenService& tokens, realtime::RealtimeStore& store, const AuthConfig& config,
               ClockFn clock = &systemNowS, ClockMsFn clockMs = &systemNowMs);
  AuthServices(const AuthServices&) = delete;
  AuthServices& operator=(const AuthServices&) = delete;

  const TokenService& tokens() const { return tokens_; }
  const AuthConfig& config() const { return config_; }
  // Checks revocation: use this one for every REST handler.
  const Authorizer& authorizer() const { return authorizer_; }
  const SessionTokens& sessions() const { return sessions_; }
  WsTickets& wsTickets() { return tickets_; }
  // For the WebSocket upgrade handler: authenticateWebSocket(request, roomCode).
  const WsAuthenticator& webSocket() const { return webSocket_; }

 private:
  const TokenService& tokens_;
  const AuthConfig& config_;
  RevocationList revoked_;
  RefreshFamilies families_;
  Authorizer authorizer_;
  SessionTokens sessions_;
  WsTickets tickets_;
  WsAuthenticator webSocket_;
};

}  // namespace streamit::auth
