#pragma once

#include "auth/auth_services.h"
#include "http/router.h"
#include "plugins/plugin_manager.h"
#include "ratelimit/rate_limiter.h"

namespace streamit::auth {

// POST /api/v1/auth/guest    {display_name} → {access_token, refresh_token, token_type,
//                              expires_in, refresh_expires_in, user}
//   (the auth.guest plugin vouches for the name; the kernel assigns scopes and signs)
// GET  /api/v1/auth/me       Bearer access token → {user}
// POST /api/v1/auth/refresh  {refresh_token} → a new pair (rotation; reuse revokes the family)
// POST /api/v1/auth/logout   Bearer access token, optional {refresh_token} → 204
// POST /api/v1/rooms/{code}/ws-ticket  Bearer access token with room:join → {ticket, expires_in}
// `plugins`, `auth` and `limiter` must outlive the router.
void addAuthRoutes(http::Router& router, plugins::PluginManager& plugins, AuthServices& auth,
                   ratelimit::RateLimiter& limiter);

}  // namespace streamit::auth
