#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "auth/revocation_list.h"
#include "auth/scopes.h"
#include "auth/token_service.h"
#include "http/message.h"

namespace streamit::auth {

// Unix seconds now; injected so expiry is testable without sleeping.
using ClockFn = std::function<std::int64_t()>;

// The system clock as a ClockFn.
std::int64_t systemNowS();

// The one authorization path for REST: every protected handler starts with authenticate() or
// require(), so token rules live in one place. Failures are thrown as http::ApiError and name
// why generically, never echoing token contents. Safe from many threads.
class Authorizer {
 public:
  // `tokens` and `revoked` must outlive the Authorizer. Without a revocation list (unit tests
  // of the token rules only) logged-out tokens stay valid until they expire: kernel code
  // always passes the kernel's list.
  Authorizer(const TokenService& tokens, ClockFn clock, RevocationList* revoked = nullptr);

  // Reads `Authorization: Bearer <access token>`. Missing or malformed header, or a token that
  // does not verify or was revoked (logout, refresh-token reuse) → UNAUTHORIZED; an expired
  // one → TOKEN_EXPIRED. When the revocation list cannot be read the request fails closed:
  // realtime::StoreUnavailable propagates and the dispatcher answers STATE_UNAVAILABLE (503).
  Principal authenticate(const http::Request& request) const;

  // authenticate(), returning the verified claims too (jti, family, exp) for logout.
  VerifyResult authenticateToken(const http::Request& request) const;

  // authenticate(), then FORBIDDEN (details.scope) when the token lacks `scope`.
  Principal require(const http::Request& request, std::string_view scope) const;

 private:
  const TokenService& tokens_;
  ClockFn clock_;
  RevocationList* revoked_;
};

}  // namespace streamit::auth
