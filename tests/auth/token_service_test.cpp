// Issue/verify round trips and the T7 token cases: forged, alg none, algorithm or type
// swapped, expired, not yet valid, foreign issuer/audience, unknown key, garbage.
#include <gtest/gtest.h>

#include "auth/jwt_codec.h"
#include "auth/token_service.h"

namespace streamit::auth {
namespace {

constexpr std::int64_t kNow = 1'750'000'000;
const std::string kOldSecret = "old-secret-0123456789abcdef0123456789abcdef";
const std::string kNewSecret = "new-secret-0123456789abcdef0123456789abcdef";

TokenService makeService(std::vector<TokenKey> keys = {{"k2", kNewSecret, true},
                                                       {"k1", kOldSecret, false}}) {
  return TokenService(TokenKeys(std::move(keys)), TokenPolicy{});
}

Principal guest() {
  return Principal{"guest:7d0c8a4e-2b1f-4c53-9a57-0f3b8d7e6c21", "Ann", UserKind::kGuest,
                   defaultScopes(UserKind::kGuest, true)};
}

// Builds a token by hand, signed correctly with `secret`, so each test changes one thing.
std::string craft(const std::string& headerJson, const std::string& payloadJson,
                  const std::string& secret, const std::string& alg) {
  const std::string input = base64UrlEncode(headerJson) + "." + base64UrlEncode(payloadJson);
  const auto mac = hmac(alg, secret, input);
  return input + "." + (mac ? base64UrlEncode(*mac) : std::string());
}

std::string payload(const std::string& typ, std::int64_t iat, std::int64_t exp,
                    const std::string& extra = "") {
  return R"({"typ":")" + typ + R"(","jti":"j-1","sub":"user:42","iss":"streamit",)" +
         R"("aud":"streamit-api","iat":)" + std::to_string(iat) + R"(,"nbf":)" +
         std::to_string(iat) + R"(,"exp":)" + std::to_string(exp) +
         R"(,"scope":"room:join","name":"Bob","family":"f-1")" + extra + "}";
}

TEST(TokenService, AccessRoundTrip) {
  const TokenService service = makeService();
  const IssuedToken issued = service.issue(guest(), TokenType::kAccess, kNow);
  EXPECT_EQ(issued.expiresAtS, kNow + 900);
  EXPECT_EQ(issued.jti.size(), 36U);
  EXPECT_TRUE(issued.family.empty());

  const VerifyResult r = service.verify(issued.token, TokenType::kAccess, kNow + 1);
  ASSERT_TRUE(r.ok) << failureName(r.failure);
  EXPECT_EQ(r.principal.subject, guest().subject);
  EXPECT_EQ(r.principal.displayName, "Ann");
  EXPECT_EQ(r.principal.kind, UserKind::kGuest);
  EXPECT_EQ(r.principal.scopes, guest().scopes);
  EXPECT_EQ(r.claims.jti, issued.jti);
}

TEST(TokenService, DisplayNamesSurviveEscaping) {
  const TokenService service = makeService();
  Principal p = guest();
  p.displayName = "Zoë \"🎬\" </script> \\ \n";
  const VerifyResult r =
      service.verify(service.issue(p, TokenType::kAccess, kNow).token, TokenType::kAccess, kNow);
  ASSERT_TRUE(r.ok) << failureName(r.failure);
  EXPECT_EQ(r.principal.displayName, p.displayName);
}

TEST(TokenService, HeaderAndClaimsAreAsDocumented) {
  const TokenService service = makeService();
  const Principal user{"user:42", "Bob", UserKind::kAccount,
                       defaultScopes(UserKind::kAccount, false, true)};
  const std::string token = service.issue(user, TokenType::kRefresh, kNow).token;
  const auto parts = splitJwt(token);
  ASSERT_TRUE(parts.has_value());
  const auto header = parseHeader(parts->headerJson);
  EXPECT_EQ(header->alg, "HS512");
  EXPECT_EQ(header->kid, "k2");
  const auto c = parseClaims(parts->payloadJson);
  EXPECT_EQ(c->typ, "refresh");
  EXPECT_EQ(c->sub, "user:42");
  EXPECT_EQ(c->iss, "streamit");
  EXPECT_EQ(c->aud, (std::vector<std::string>{"streamit-api"}));
  EXPECT_EQ(c->iat, kNow);
  EXPECT_EQ(c->nbf, kNow);
  EXPECT_EQ(c->exp, kNow + 2'592'000);
  EXPECT_EQ(c->scope, "room:create room:join chat:send admin");
  EXPECT_EQ(c->name, "Bob");
  EXPECT_TRUE(c->family.has_value());
}

TEST(TokenService, RefreshRoundTripKeepsFamily) {
  const TokenService service = makeService();
  const IssuedToken first = service.issue(guest(), TokenType::kRefresh, kNow);
  EXPECT_EQ(first.family.size(), 36U);
  const IssuedToken next = service.issue(guest(), TokenType::kRefresh, kNow + 60, first.family);
  EXPECT_EQ(next.family, first.family);
  EXPECT_NE(next.jti, first.jti);
  const VerifyResult r = service.verify(next.token, TokenType::kRefresh, kNow + 61);
  ASSERT_TRUE(r.ok) << failureName(r.failure);
  EXPECT_EQ(r.claims.family, first.family);
}

TEST(TokenService, RefreshAsAccessAndAccessAsRefreshAreRefused) {
  const TokenService service = makeService();
  const auto refresh = service.issue(guest(), TokenType::kRefresh, kNow).token;
  const auto access = service.issue(guest(), TokenType::kAccess, kNow).token;
  EXPECT_EQ(service.verify(refresh, TokenType::kAccess, kNow).failure,
            TokenFailure::kWrongAlgorithm);
  EXPECT_EQ(service.verify(access, TokenType::kRefresh, kNow).failure,
            TokenFailure::kWrongAlgorithm);
  // Even with the algorithm matching, the typ claim still decides.
  EXPECT_EQ(service
                .verify(craft(R"({"alg":"HS256","kid":"k2"})", payload("refresh", kNow, kNow + 60),
                              kNewSecret, "HS256"),
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kWrongType);
  // A refresh token signed with HS256 (the access algorithm) is refused.
  EXPECT_EQ(service
                .verify(craft(R"({"alg":"HS256","kid":"k2"})", payload("refresh", kNow, kNow + 60),
                              kNewSecret, "HS256"),
                        TokenType::kRefresh, kNow)
                .failure,
            TokenFailure::kWrongAlgorithm);
}

TEST(TokenService, KeyRotation) {
  const TokenService oldService = makeService({{"k1", kOldSecret, true}});
  const std::string oldToken = oldService.issue(guest(), TokenType::kAccess, kNow).token;
  // After rotation k2 signs and k1 only verifies: tokens signed before still pass.
  const TokenService rotated = makeService();
  EXPECT_TRUE(rotated.verify(oldToken, TokenType::kAccess, kNow + 10).ok);
  const auto newToken = rotated.issue(guest(), TokenType::kAccess, kNow).token;
  EXPECT_EQ(parseHeader(splitJwt(newToken)->headerJson)->kid, "k2");
  // Once k1 is dropped its tokens are refused by kid, without trying other keys.
  const TokenService dropped = makeService({{"k2", kNewSecret, true}});
  EXPECT_EQ(dropped.verify(oldToken, TokenType::kAccess, kNow + 10).failure,
            TokenFailure::kUnknownKey);
}

TEST(TokenService, UnknownOrMissingKid) {
  const TokenService service = makeService();
  const std::string body = payload("access", kNow, kNow + 60);
  EXPECT_EQ(service
                .verify(craft(R"({"alg":"HS256","kid":"k9"})", body, kNewSecret, "HS256"),
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kUnknownKey);
  EXPECT_EQ(
      service
          .verify(craft(R"({"alg":"HS256"})", body, kNewSecret, "HS256"), TokenType::kAccess, kNow)
          .failure,
      TokenFailure::kUnknownKey);
  // A correct hand-made token passes, so the failures above are about the kid alone.
  EXPECT_TRUE(service
                  .verify(craft(R"({"alg":"HS256","kid":"k2"})", body, kNewSecret, "HS256"),
                          TokenType::kAccess, kNow)
                  .ok);
}

TEST(TokenService, ForgedSignature) {
  const TokenService service = makeService();
  const std::string body = payload("access", kNow, kNow + 60);
  // Signed with a key the server does not hold, under a kid it does.
  EXPECT_EQ(service
                .verify(craft(R"({"alg":"HS256","kid":"k2"})", body,
                              "attacker-secret-0123456789abcdef012345", "HS256"),
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kBadSignature);
  // A genuine token whose payload was edited (scope escalation).
  const std::string genuine = service.issue(guest(), TokenType::kAccess, kNow).token;
  const std::size_t dot1 = genuine.find('.');
  const std::size_t dot2 = genuine.find('.', dot1 + 1);
  const std::string edited = genuine.substr(0, dot1 + 1) +
                             base64UrlEncode(R"({"typ":"access","scope":"admin"})") +
                             genuine.substr(dot2);
  EXPECT_EQ(service.verify(edited, TokenType::kAccess, kNow).failure, TokenFailure::kBadSignature);
  // Another genuine token's signature, or none at all.
  const std::string other = service.issue(guest(), TokenType::kAccess, kNow).token;
  EXPECT_EQ(service
                .verify(genuine.substr(0, dot2) + other.substr(other.rfind('.')),
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kBadSignature);
  EXPECT_EQ(service.verify(genuine.substr(0, dot2 + 1), TokenType::kAccess, kNow).failure,
            TokenFailure::kBadSignature);
}

TEST(TokenService, AlgNoneAndOtherAlgorithmsAreRefused) {
  const TokenService service = makeService();
  const std::string body = base64UrlEncode(payload("access", kNow, kNow + 60));
  for (const char* alg : {"none", "None", "NONE", "HS384", "RS256", "ES256", ""}) {
    const std::string header =
        base64UrlEncode(std::string(R"({"alg":")") + alg + R"(","kid":"k2"})");
    EXPECT_EQ(service.verify(header + "." + body + ".", TokenType::kAccess, kNow).failure,
              TokenFailure::kWrongAlgorithm)
        << alg;
  }
}

TEST(TokenService, ExpiredAndNotYetValid) {
  const TokenService service = makeService();
  const std::string token = service.issue(guest(), TokenType::kAccess, kNow).token;
  const VerifyResult expired = service.verify(token, TokenType::kAccess, kNow + 900 + 30);
  EXPECT_EQ(expired.failure, TokenFailure::kExpired);
  EXPECT_EQ(errorCodeFor(expired.failure).code, "TOKEN_EXPIRED");
  EXPECT_TRUE(service.verify(token, TokenType::kAccess, kNow + 900 + 29).ok);  // skew
  EXPECT_EQ(service.verify(token, TokenType::kAccess, kNow - 31).failure,
            TokenFailure::kNotYetValid);
  EXPECT_EQ(service
                .verify(craft(R"({"alg":"HS256","kid":"k2"})",
                              payload("access", kNow + 3600, kNow + 7200), kNewSecret, "HS256"),
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kNotYetValid);
}

TEST(TokenService, WrongIssuerOrAudience) {
  const TokenService service = makeService();
  TokenPolicy other;
  other.audience = "other-api";
  const TokenService foreignAudience(TokenKeys({{"k2", kNewSecret, true}}), other);
  EXPECT_EQ(service
                .verify(foreignAudience.issue(guest(), TokenType::kAccess, kNow).token,
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kWrongAudience);
  other = TokenPolicy{};
  other.issuer = "someone-else";
  const TokenService foreignIssuer(TokenKeys({{"k2", kNewSecret, true}}), other);
  EXPECT_EQ(service
                .verify(foreignIssuer.issue(guest(), TokenType::kAccess, kNow).token,
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kWrongIssuer);
}

TEST(TokenService, MissingClaimInSignedToken) {
  const TokenService service = makeService();
  const std::string noJti = R"({"typ":"access","sub":"user:1","iss":"streamit",)"
                            R"("aud":"streamit-api","iat":1750000000,"nbf":1750000000,)"
                            R"("exp":1750000060,"scope":"room:join"})";
  EXPECT_EQ(service
                .verify(craft(R"({"alg":"HS256","kid":"k2"})", noJti, kNewSecret, "HS256"),
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kMissingClaim);
  EXPECT_EQ(service
                .verify(craft(R"({"alg":"HS256","kid":"k2"})", "[1,2]", kNewSecret, "HS256"),
                        TokenType::kAccess, kNow)
                .failure,
            TokenFailure::kMalformed);
}

TEST(TokenService, GarbageIsRefusedWithoutThrowing) {
  const TokenService service = makeService();
  const std::string valid = service.issue(guest(), TokenType::kAccess, kNow).token;
  const std::vector<std::string> garbage = {
      "",
      ".",
      "..",
      "...",
      "a.b",
      "a.b.c.d",
      "!!!.???.***",
      "eyJhbGciOiJIUzI1NiJ9",
      base64UrlEncode("not json") + "." + base64UrlEncode("{}") + ".",
      base64UrlEncode("{\"alg\":\"HS256\"") + "." + base64UrlEncode("{}") + ".",
      std::string("e30.e30.\0\0", 10),
      valid + "A",
      valid + ".",
      "Bearer " + valid,
      std::string(kMaxTokenBytes + 1, 'A'),
      valid.substr(0, valid.find('.')) + "." + std::string(kMaxTokenBytes, 'A') + ".x",
  };
  for (const auto& input : garbage) {
    const VerifyResult r = service.verify(input, TokenType::kAccess, kNow);
    EXPECT_FALSE(r.ok) << input;
    EXPECT_EQ(errorCodeFor(r.failure).code, "UNAUTHORIZED") << input;
  }
  EXPECT_EQ(service.verify(std::string(kMaxTokenBytes + 1, 'A'), TokenType::kAccess, kNow).failure,
            TokenFailure::kMalformed);
}

}  // namespace
}  // namespace streamit::auth
