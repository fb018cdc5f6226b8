#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/scopes.h"
#include "auth/token_service.h"
#include "realtime/realtime_store.h"

namespace streamit::auth {

// Unix milliseconds now; injected so ticket expiry is testable without sleeping.
using ClockMsFn = std::function<std::int64_t()>;
std::int64_t systemNowMs();

// What a browser gets from POST /api/v1/rooms/{code}/ws-ticket.
struct WsTicketGrant {
  std::string ticket;  // 64 hex characters (256 random bits)
  std::int64_t expiresInS = 0;
};

// A ticket after it was taken from the store.
struct RedeemedWsTicket {
  Principal principal;
  std::string room;
  std::string accessJti;     // the access token it was bought with: revoking it voids the ticket
  std::string accessFamily;  // that token's session, when it has one
  std::int64_t expiresAtMs = 0;
};

// Single-use WebSocket tickets for browsers, which cannot set an Authorization header on a
// WebSocket. A ticket stands for the access token that bought it, bound to one room, for at
// most kLifetimeMs. It lives in the realtime store (so any kernel can redeem it) and is taken
// with one atomic GET+DEL script: of two concurrent redemptions exactly one gets it.
// Thread-safe; `store` must outlive this object. Store failures throw StoreUnavailable.
class WsTickets {
 public:
  static constexpr std::int64_t kLifetimeMs = 30'000;

  WsTickets(realtime::RealtimeStore& store, ClockMsFn clockMs);

  // `access` is a verified access token (Authorizer::authenticateToken).
  WsTicketGrant issue(const VerifyResult& access, std::string_view roomCode);

  // Takes the ticket out of the store. Nothing for a ticket that is malformed, unknown,
  // already redeemed, or expired in the store; the caller still checks expiresAtMs (the
  // memory store expires lazily, and the clock here is the one the caller judges with).
  std::optional<RedeemedWsTicket> redeem(std::string_view ticket);

  // Exactly 64 lower-case hex digits: the only shape issue() makes.
  static bool isWellFormed(std::string_view ticket);

 private:
  realtime::RealtimeStore& store_;
  ClockMsFn clockMs_;
};

}  // namespace streamit::auth
