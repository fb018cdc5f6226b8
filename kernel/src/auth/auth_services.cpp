#include "auth/auth_services.h"

namespace streamit::auth {

AuthServices::AuthServices(const TokenService& tokens, realtime::RealtimeStore& store,
                           const AuthConfig& config, ClockFn clock, ClockMsFn clockMs)
    : tokens_(tokens),
      config_(config),
      revoked_(store, tokens.policy().clockSkewS),
      families_(store, tokens.policy().refreshTtlS),
      authorizer_(tokens, clock, &revoked_),
      sessions_(tokens, families_, revoked_, clock),
      tickets_(store, clockMs),
      webSocket_(authorizer_, tickets_, revoked_, config.ws_allowed_origins, clockMs) {}

}  // namespace streamit::auth
