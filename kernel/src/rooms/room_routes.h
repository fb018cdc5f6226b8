#pragma once

#include <functional>

#include "auth/authorizer.h"
#include "auth/token_service.h"
#include "http/router.h"
#include "ratelimit/rate_limiter.h"
#include "rooms/room_service.h"

namespace streamit::rooms {

// POST   /api/v1/rooms          {title, is_public, source?} (scope room:create) → 201 room
// GET    /api/v1/rooms/public   ?page&page_size&sort=viewers|newest|title&q (no auth)
//                                → {items, page, page_size, total}
// GET    /api/v1/rooms/{code}   (authenticated) → room | ROOM_NOT_FOUND
// DELETE /api/v1/rooms/{code}   (host only) → 204
// `service`, `tokens` and `limiter` must outlive the router.
void addRoomRoutes(http::Router& router, RoomService& service, const auth::TokenService& tokens,
                   ratelimit::RateLimiter& limiter);

// For a service that only exists once storage has started (the kernel builds its routes
// before that): `service` is asked on every request and must outlive the router.
// Prefer this form with the kernel's shared Authorizer (auth::AuthServices::authorizer()), which
// also checks revocation; the overloads above build one without a revocation list.
using RoomServiceAccess = std::function<RoomService&()>;
void addRoomRoutes(http::Router& router, RoomServiceAccess service,
                   const auth::Authorizer& authorizer, ratelimit::RateLimiter& limiter);
void addRoomRoutes(http::Router& router, RoomServiceAccess service,
                   const auth::TokenService& tokens, ratelimit::RateLimiter& limiter);

// Trims ASCII white space and counts UTF-8 code points: the title rule shared with tests.
// VALIDATION_FAILED (details.field = "title") unless 1..120 code points remain.
std::string validatedTitle(const std::string& raw);

}  // namespace streamit::rooms
