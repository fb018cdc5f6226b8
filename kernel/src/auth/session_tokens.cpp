#include "auth/session_tokens.h"

#include <string>

#include "http/api_error.h"
#include "log/logger.h"

namespace streamit::auth {

SessionTokens::SessionTokens(const TokenService& tokens, RefreshFamilies& families,
                             RevocationList& revoked, ClockFn clock)
    : tokens_(tokens), families_(families), revoked_(revoked), clock_(std::move(clock)) {}

SessionTokenPair SessionTokens::start(const Principal& principal) const {
  const std::int64_t nowS = clock_();
  SessionTokenPair pair;
  pair.principal = principal;
  pair.refresh = tokens_.issue(principal, TokenType::kRefresh, nowS);
  pair.access = tokens_.issue(principal, TokenType::kAccess, nowS, pair.refresh.family);
  // Recorded before the tokens leave: a refresh token whose family is unknown is refused.
  families_.start(pair.refresh.family, pair.refresh.jti);
  return pair;
}

SessionTokenPair SessionTokens::refresh(std::string_view refreshToken) const {
  const std::int64_t nowS = clock_();
  const VerifyResult verified = tokens_.verify(refreshToken, TokenType::kRefresh, nowS);
  if (!verified) {
    throw http::ApiError(errorCodeFor(verified.failure),
                         verified.failure == TokenFailure::kExpired
                             ? "the refresh token has expired; sign in again"
                             : "the refresh token is not valid");
  }
  SessionTokenPair pair;
  pair.principal = verified.principal;
  pair.refresh =
      tokens_.issue(verified.principal, TokenType::kRefresh, nowS, *verified.claims.family);
  const auto rotation =
      families_.rotate(*verified.claims.family, *verified.claims.jti, pair.refresh.jti);
  if (rotation != RefreshFamilies::Rotation::kRotated) {
    if (rotation == RefreshFamilies::Rotation::kReused) {
      // Worth an operator's attention: either a client bug (two tabs refreshing with one
      // token) or a stolen refresh token. The subject is an id, not a secret.
      log::Logger("auth").warn("refresh token reused; session revoked",
                               {{"subject", verified.principal.subject}});
    }
    throw http::ApiError(http::errors::kUnauthorized,
                         rotation == RefreshFamilies::Rotation::kUnknown
                             ? "the refresh token is no longer valid; sign in again"
                             : "the session has been revoked; sign in again");
  }
  pair.access =
      tokens_.issue(verified.principal, TokenType::kAccess, nowS, *verified.claims.family);
  return pair;
}

void SessionTokens::logout(const VerifyResult& access,
                           std::optional<std::string_view> refreshToken) const {
  const std::int64_t nowS = clock_();
  revoked_.revokeToken(*access.claims.jti, access.claims.exp.value_or(nowS), nowS);
  if (access.claims.family)
    families_.revoke(*access.claims.family);
  if (!refreshToken)
    return;
  // Only the holder's own session may be ended this way; an invalid or foreign refresh token
  // is ignored (the access token is revoked either way, and an expired one is dead already).
  const VerifyResult presented = tokens_.verify(*refreshToken, TokenType::kRefresh, nowS);
  if (presented && presented.principal.subject == access.principal.subject)
    families_.revoke(*presented.claims.family);
}

}  // namespace streamit::auth
