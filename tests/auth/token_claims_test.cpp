// The claim validator is the part of token checking Poco does not do (POCO-1.11-PITFALLS:
// an expired or foreign-audience token passes Signer::verify), so every rule has a test.
#include <gtest/gtest.h>

#include "auth/token_claims.h"

namespace streamit::auth {
namespace {

constexpr std::int64_t kNow = 1'750'000'000;
constexpr std::int64_t kSkew = 30;

TokenClaims goodClaims() {
  TokenClaims c;
  c.typ = "access";
  c.sub = "guest:7d0c8a4e-2b1f-4c53-9a57-0f3b8d7e6c21";
  c.iss = "streamit";
  c.aud = {"streamit-api"};
  c.jti = "5b1f0a64-6f55-4f0c-8a8a-3a3e1d1c2b10";
  c.scope = "room:join chat:send";
  c.name = "Ann";
  c.iat = kNow - 10;
  c.nbf = kNow - 10;
  c.exp = kNow + 890;
  return c;
}

ClaimExpectations expectAccess() {
  return ClaimExpectations{TokenType::kAccess, "streamit", "streamit-api", kSkew};
}

std::optional<TokenFailure> check(const TokenClaims& c, const ClaimExpectations& e = expectAccess(),
                                  std::int64_t now = kNow) {
  return validateClaims(c, e, now);
}

TEST(ValidateClaims, AcceptsGoodClaims) {
  EXPECT_EQ(check(goodClaims()), std::nullopt);
}

TEST(ValidateClaims, EachMissingClaimIsRefused) {
  const std::vector<void (*)(TokenClaims&)> removals = {
      [](TokenClaims& c) { c.typ.reset(); },  [](TokenClaims& c) { c.sub.reset(); },
      [](TokenClaims& c) { c.iss.reset(); },  [](TokenClaims& c) { c.aud.clear(); },
      [](TokenClaims& c) { c.jti.reset(); },  [](TokenClaims& c) { c.scope.reset(); },
      [](TokenClaims& c) { c.exp.reset(); },  [](TokenClaims& c) { c.nbf.reset(); },
      [](TokenClaims& c) { c.iat.reset(); },  [](TokenClaims& c) { c.jti = ""; },
      [](TokenClaims& c) { c.sub = ""; },     [](TokenClaims& c) { c.scope = "   "; },
      [](TokenClaims& c) { c.sub = "root"; }, [](TokenClaims& c) { c.sub = "guest:"; },
  };
  for (std::size_t i = 0; i < removals.size(); ++i) {
    TokenClaims c = goodClaims();
    removals[i](c);
    EXPECT_EQ(check(c), TokenFailure::kMissingClaim) << "removal #" << i;
  }
}

TEST(ValidateClaims, RefreshNeedsFamily) {
  TokenClaims c = goodClaims();
  c.typ = "refresh";
  ClaimExpectations e = expectAccess();
  e.type = TokenType::kRefresh;
  EXPECT_EQ(check(c, e), TokenFailure::kMissingClaim);
  c.family = "f-1";
  EXPECT_EQ(check(c, e), std::nullopt);
}

TEST(ValidateClaims, WrongTypeBothWays) {
  TokenClaims c = goodClaims();
  c.typ = "refresh";
  c.family = "f-1";
  EXPECT_EQ(check(c), TokenFailure::kWrongType);
  c.typ = "access";
  ClaimExpectations e = expectAccess();
  e.type = TokenType::kRefresh;
  EXPECT_EQ(check(c, e), TokenFailure::kWrongType);
  c.typ = "id";
  EXPECT_EQ(check(c), TokenFailure::kWrongType);
}

TEST(ValidateClaims, WrongIssuer) {
  TokenClaims c = goodClaims();
  c.iss = "evil";
  EXPECT_EQ(check(c), TokenFailure::kWrongIssuer);
}

TEST(ValidateClaims, AudienceStringOrArray) {
  TokenClaims c = goodClaims();
  c.aud = {"other-api"};
  EXPECT_EQ(check(c), TokenFailure::kWrongAudience);
  c.aud = {"other-api", "streamit-api"};
  EXPECT_EQ(check(c), std::nullopt);
}

TEST(ValidateClaims, ExpiryHonoursSkew) {
  TokenClaims c = goodClaims();
  c.exp = kNow - kSkew + 1;  // inside the tolerance
  EXPECT_EQ(check(c), std::nullopt);
  c.exp = kNow - kSkew;  // exactly at the edge: expired
  EXPECT_EQ(check(c), TokenFailure::kExpired);
  c.exp = kNow - 3600;
  EXPECT_EQ(check(c), TokenFailure::kExpired);
}

TEST(ValidateClaims, NotBeforeHonoursSkew) {
  TokenClaims c = goodClaims();
  c.nbf = kNow + kSkew;
  EXPECT_EQ(check(c), std::nullopt);
  c.nbf = kNow + kSkew + 1;
  EXPECT_EQ(check(c), TokenFailure::kNotYetValid);
}

TEST(ValidateClaims, IssuedInTheFutureIsRefused) {
  TokenClaims c = goodClaims();
  c.iat = kNow + kSkew + 1;
  EXPECT_EQ(check(c), TokenFailure::kNotYetValid);
  c.iat = kNow + kSkew;
  EXPECT_EQ(check(c), std::nullopt);
}

TEST(ValidateClaims, ExtremeNumbersDoNotOverflowIntoAcceptance) {
  TokenClaims c = goodClaims();
  c.exp = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(check(c), TokenFailure::kExpired);
  c = goodClaims();
  c.nbf = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(check(c), TokenFailure::kNotYetValid);
  c = goodClaims();
  c.exp = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(check(c, expectAccess(), std::numeric_limits<std::int64_t>::max()),
            TokenFailure::kExpired);
}

TEST(ValidateClaims, MissingBeatsWrongValue) {
  TokenClaims c = goodClaims();
  c.iss = "evil";
  c.jti.reset();
  EXPECT_EQ(check(c), TokenFailure::kMissingClaim);
}

TEST(TokenFailureCodes, ExpiredIsTokenExpiredEverythingElseUnauthorized) {
  EXPECT_EQ(errorCodeFor(TokenFailure::kExpired).code, "TOKEN_EXPIRED");
  EXPECT_EQ(errorCodeFor(TokenFailure::kExpired).httpStatus, 401);
  for (const auto f :
       {TokenFailure::kMalformed, TokenFailure::kBadSignature, TokenFailure::kUnknownKey,
        TokenFailure::kWrongAlgorithm, TokenFailure::kNotYetValid, TokenFailure::kWrongIssuer,
        TokenFailure::kWrongAudience, TokenFailure::kWrongType, TokenFailure::kMissingClaim}) {
    EXPECT_EQ(errorCodeFor(f).code, "UNAUTHORIZED") << failureName(f);
    EXPECT_EQ(errorCodeFor(f).httpStatus, 401);
    EXPECT_NE(failureName(f), "unknown");
  }
}

}  // namespace
}  // namespace streamit::auth
