#pragma once

#include "auth/auth_config.h"
#include "auth/token_service.h"
#include "http/router.h"
#include "plugins/plugin_manager.h"
#include "ratelimit/rate_limiter.h"

namespace streamit::auth {

// POST /api/v1/auth/guest  {display_name} → {access_token, token_type, expires_in, user}
//   (the auth.guest plugin vouches for the name; the kernel assigns scopes and signs)
// GET  /api/v1/auth/me     Bearer access token → {user}
// `plugins`, `tokens`, `config` and `limiter` must outlive the router.
void addAuthRoutes(http::Router& router, plugins::PluginManager& plugins,
                   const TokenService& tokens, const AuthConfig& config,
                   ratelimit::RateLimiter& limiter);

}  // namespace streamit::auth
