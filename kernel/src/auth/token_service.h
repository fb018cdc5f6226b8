#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/auth_config.h"
#include "auth/scopes.h"
#include "auth/token_claims.h"
#include "auth/token_keys.h"

namespace streamit::auth {

// Lifetimes and the values every token must carry; from the `auth:` section.
struct TokenPolicy {
  std::string issuer = "streamit";
  std::string audience = "streamit-api";
  std::int64_t accessTtlS = 900;
  std::int64_t refreshTtlS = 2'592'000;
  std::int64_t clockSkewS = 30;

  static TokenPolicy fromConfig(const AuthConfig& config);
};

struct IssuedToken {
  std::string token;
  std::string jti;
  std::string family;  // the refresh chain (session) the token belongs to; may be empty for access
  std::int64_t expiresAtS = 0;
};

struct VerifyResult {
  bool ok = false;
  TokenFailure failure = TokenFailure::kMalformed;  // meaningful only when !ok
  Principal principal;                              // filled only when ok
  TokenClaims claims;  // filled when the signature checked out (jti/family for revocation)

  explicit operator bool() const { return ok; }
};

// Issues and verifies the kernel's JWTs. Access tokens are HS256, refresh tokens HS512: the
// algorithm is pinned per type, so neither can stand in for the other even before the `typ`
// claim is read. Immutable after construction; safe to use from many threads.
class TokenService {
 public:
  TokenService(TokenKeys keys, TokenPolicy policy);

  // Signs with the current signing key. For refresh tokens `family` continues a refresh
  // chain and empty starts a new one; an access token given a family carries it too (its
  // session, checked for revocation). `nowS` is Unix seconds.
  IssuedToken issue(const Principal& principal, TokenType type, std::int64_t nowS,
                    std::string family = {}) const;

  // Never throws: every refusal is a TokenFailure. Checks size and shape, the pinned
  // algorithm, the key named by `kid`, the HMAC (constant time), then validateClaims().
  VerifyResult verify(std::string_view token, TokenType expected, std::int64_t nowS) const noexcept;

  const TokenPolicy& policy() const { return policy_; }

 private:
  TokenKeys keys_;
  TokenPolicy policy_;
};

// "HS256" for access tokens, "HS512" for refresh tokens.
std::string_view algorithmFor(TokenType type);

}  // namespace streamit::auth
