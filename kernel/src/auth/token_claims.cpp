#include "auth/token_claims.h"

#include <algorithm>
#include <limits>

#include "auth/scopes.h"

namespace streamit::auth {
namespace {

bool present(const std::optional<std::string>& value) {
  return value.has_value() && !value->empty();
}

}  // namespace

std::string_view tokenTypeName(TokenType type) {
  return type == TokenType::kRefresh ? "refresh" : "access";
}

std::string_view failureName(TokenFailure failure) {
  switch (failure) {
    case TokenFailure::kMalformed:
      return "malformed";
    case TokenFailure::kBadSignature:
      return "bad_signature";
    case TokenFailure::kUnknownKey:
      return "unknown_key";
    case TokenFailure::kWrongAlgorithm:
      return "wrong_algorithm";
    case TokenFailure::kExpired:
      return "expired";
    case TokenFailure::kNotYetValid:
      return "not_yet_valid";
    case TokenFailure::kWrongIssuer:
      return "wrong_issuer";
    case TokenFailure::kWrongAudience:
      return "wrong_audience";
    case TokenFailure::kWrongType:
      return "wrong_type";
    case TokenFailure::kMissingClaim:
      return "missing_claim";
  }
  return "unknown";
}

http::ErrorCode errorCodeFor(TokenFailure failure) {
  // Only expiry is worth distinguishing for a client: it can refresh. Every other reason is
  // the same 401 so a prober learns nothing about which check failed.
  return failure == TokenFailure::kExpired ? http::errors::kTokenExpired
                                           : http::errors::kUnauthorized;
}

std::optional<TokenFailure> validateClaims(const TokenClaims& claims,
                                           const ClaimExpectations& expected, std::int64_t nowS) {
  if (!present(claims.typ) || !present(claims.sub) || !present(claims.iss) || claims.aud.empty() ||
      !present(claims.jti) || !present(claims.scope) || !claims.exp.has_value() ||
      !claims.nbf.has_value() || !claims.iat.has_value()) {
    return TokenFailure::kMissingClaim;
  }
  if (!kindOfSubject(*claims.sub).has_value() || splitScopes(*claims.scope).empty())
    return TokenFailure::kMissingClaim;
  if (expected.type == TokenType::kRefresh && !present(claims.family))
    return TokenFailure::kMissingClaim;
  if (*claims.typ != tokenTypeName(expected.type))
    return TokenFailure::kWrongType;
  if (*claims.iss != expected.issuer)
    return TokenFailure::kWrongIssuer;
  if (std::find(claims.aud.begin(), claims.aud.end(), expected.audience) == claims.aud.end())
    return TokenFailure::kWrongAudience;
  // Saturating: absurd claim values must not overflow into acceptance.
  const std::int64_t skew = std::max<std::int64_t>(expected.clockSkewS, 0);
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const auto plusSkew = [skew](std::int64_t t) { return t > kMax - skew ? kMax : t + skew; };
  if (nowS >= plusSkew(*claims.exp))
    return TokenFailure::kExpired;
  if (*claims.nbf > plusSkew(nowS) || *claims.iat > plusSkew(nowS))
    return TokenFailure::kNotYetValid;
  return std::nullopt;
}

}  // namespace streamit::auth
