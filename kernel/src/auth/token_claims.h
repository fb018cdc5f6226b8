#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/error_codes.h"

namespace streamit::auth {

enum class TokenType { kAccess, kRefresh };

// "access" / "refresh": the value of the `typ` claim.
std::string_view tokenTypeName(TokenType type);

// Why a token was refused. Callers report only the mapped error code to clients; the reason
// goes to logs and metrics.
enum class TokenFailure {
  kMalformed,       // not three base64url JSON segments, too large, wrong JSON types
  kBadSignature,    // the HMAC does not match
  kUnknownKey,      // no `kid`, or a `kid` not configured
  kWrongAlgorithm,  // `alg` other than the one pinned for the expected type (incl. "none")
  kExpired,         // now ≥ exp + skew
  kNotYetValid,     // nbf or iat later than now + skew
  kWrongIssuer,     // iss differs
  kWrongAudience,   // our audience is not in aud
  kWrongType,       // typ differs from the expected token type
  kMissingClaim,    // a required claim is absent, empty, or of the wrong JSON type
};

std::string_view failureName(TokenFailure failure);

// TOKEN_EXPIRED for an expired token (the client should refresh); UNAUTHORIZED otherwise.
http::ErrorCode errorCodeFor(TokenFailure failure);

// The claims of a token as read from its payload. A claim of the wrong JSON type is left
// empty, so the validator reports it as missing rather than guessing a conversion.
struct TokenClaims {
  std::optional<std::string> typ;
  std::optional<std::string> sub;
  std::optional<std::string> iss;
  std::vector<std::string> aud;  // a string `aud` becomes one element
  std::optional<std::string> jti;
  std::optional<std::string> scope;
  std::optional<std::string> name;
  std::optional<std::string> family;  // refresh tokens only
  std::optional<std::int64_t> exp;
  std::optional<std::int64_t> nbf;
  std::optional<std::int64_t> iat;
};

struct ClaimExpectations {
  TokenType type = TokenType::kAccess;
  std::string issuer;
  std::string audience;
  std::int64_t clockSkewS = 0;
};

// Pure: checks everything except the signature. Returns nothing when the claims are
// acceptable at `nowS` (Unix seconds). Missing claims are reported before wrong values so a
// half-filled token never passes by accident of ordering.
std::optional<TokenFailure> validateClaims(const TokenClaims& claims,
                                           const ClaimExpectations& expected, std::int64_t nowS);

}  // namespace streamit::auth
