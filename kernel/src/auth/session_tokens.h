#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/authorizer.h"
#include "auth/refresh_families.h"
#include "auth/revocation_list.h"
#include "auth/token_service.h"

namespace streamit::auth {

// What a sign-in or a refresh hands out: both tokens belong to one family (session).
struct SessionTokenPair {
  IssuedToken access;
  IssuedToken refresh;
  Principal principal;  // whom both tokens speak for
};

// Sessions over the stateless tokens: start (sign-in), refresh (rotation with reuse
// detection) and logout (revocation). The token format stays in TokenService; the state that
// makes revocation possible lives in the realtime store (RevocationList, RefreshFamilies).
// Every method may throw realtime::StoreUnavailable (→ STATE_UNAVAILABLE): without the store
// nothing can be rotated or revoked, and pretending otherwise would let a stolen token live.
// Thread-safe; every referenced object must outlive this one.
class SessionTokens {
 public:
  SessionTokens(const TokenService& tokens, RefreshFamilies& families, RevocationList& revoked,
                ClockFn clock);

  // A new family: an access token and the family's first refresh token.
  SessionTokenPair start(const Principal& principal) const;

  // Redeems a refresh token for a new pair (same principal and scopes, same family). Throws
  // http::ApiError: TOKEN_EXPIRED for an expired refresh token (sign in again), UNAUTHORIZED
  // for anything else — including an already-redeemed token, which revokes the family.
  SessionTokenPair refresh(std::string_view refreshToken) const;

  // Ends the session of a verified access token: its jti is revoked, and its family (if it
  // came from a sign-in with refresh) so the refresh token dies too. `refreshToken`, when
  // given and valid for the same subject, has its family revoked as well.
  void logout(const VerifyResult& access, std::optional<std::string_view> refreshToken) const;

 private:
  const TokenService& tokens_;
  RefreshFamilies& families_;
  RevocationList& revoked_;
  ClockFn clock_;
};

}  // namespace streamit::auth
