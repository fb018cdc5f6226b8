#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

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
// why generically, never echoing token contents. Immutable; safe from many threads.
class Authorizer {
 public:
  // `tokens` must outlive the Authorizer.
  Authorizer(const TokenService& tokens, ClockFn clock);

  // Reads `Authorization: Bearer <access token>`. Missing or malformed header, or a token that
  // does not verify → UNAUTHORIZED; an expired one → TOKEN_EXPIRED.
  Principal authenticate(const http::Request& request) const;

  // authenticate(), then FORBIDDEN (details.scope) when the token lacks `scope`.
  Principal require(const http::Request& request, std::string_view scope) const;

 private:
  const TokenService& tokens_;
  ClockFn clock_;
};

}  // namespace streamit::auth
