#include "auth/token_service.h"

#include <exception>

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/UUIDGenerator.h>

#include "auth/jwt_codec.h"

namespace streamit::auth {
namespace {

std::string randomUuid() {
  return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

VerifyResult refused(TokenFailure failure) {
  VerifyResult result;
  result.failure = failure;
  return result;
}

VerifyResult verifyOrThrow(std::string_view token, TokenType expected, std::int64_t nowS,
                           const TokenKeys& keys, const TokenPolicy& policy) {
  const auto parts = splitJwt(token);
  if (!parts)
    return refused(TokenFailure::kMalformed);
  const auto header = parseHeader(parts->headerJson);
  if (!header)
    return refused(TokenFailure::kMalformed);
  // Pinning the algorithm first rules out "none" and cross-type substitution before any key
  // material is touched.
  if (header->alg != algorithmFor(expected))
    return refused(TokenFailure::kWrongAlgorithm);
  if (!header->kid)
    return refused(TokenFailure::kUnknownKey);
  const TokenKey* key = keys.find(*header->kid);
  if (key == nullptr)
    return refused(TokenFailure::kUnknownKey);
  const auto mac = hmac(header->alg, key->secret, parts->signingInput);
  if (!mac || !macEquals(*mac, parts->signature))
    return refused(TokenFailure::kBadSignature);

  auto claims = parseClaims(parts->payloadJson);
  if (!claims)
    return refused(TokenFailure::kMalformed);
  VerifyResult result;
  const ClaimExpectations expectations{expected, policy.issuer, policy.audience, policy.clockSkewS};
  if (const auto failure = validateClaims(*claims, expectations, nowS)) {
    result.failure = *failure;
    result.claims = std::move(*claims);
    return result;
  }
  result.ok = true;
  result.principal.subject = *claims->sub;
  result.principal.kind = kindOfSubject(*claims->sub).value_or(UserKind::kGuest);
  result.principal.displayName = claims->name.value_or("");
  result.principal.scopes = splitScopes(*claims->scope);
  result.claims = std::move(*claims);
  return result;
}

}  // namespace

std::string_view algorithmFor(TokenType type) {
  return type == TokenType::kRefresh ? "HS512" : "HS256";
}

TokenPolicy TokenPolicy::fromConfig(const AuthConfig& config) {
  return TokenPolicy{config.issuer, config.audience, config.access_ttl_s, config.refresh_ttl_s,
                     config.clock_skew_s};
}

TokenService::TokenService(TokenKeys keys, TokenPolicy policy)
    : keys_(std::move(keys)), policy_(std::move(policy)) {}

IssuedToken TokenService::issue(const Principal& principal, TokenType type, std::int64_t nowS,
                                std::string family) const {
  const TokenKey& key = keys_.signingKey();
  IssuedToken issued;
  issued.jti = randomUuid();
  issued.expiresAtS =
      nowS + (type == TokenType::kRefresh ? policy_.refreshTtlS : policy_.accessTtlS);

  Poco::JWT::Token token;
  token.setType("JWT");
  token.header().set("kid", key.id);
  auto& payload = token.payload();
  payload.set("typ", std::string(tokenTypeName(type)));
  payload.set("jti", issued.jti);
  payload.set("sub", principal.subject);
  payload.set("iss", policy_.issuer);
  payload.set("aud", policy_.audience);
  payload.set("iat", static_cast<Poco::Int64>(nowS));
  payload.set("nbf", static_cast<Poco::Int64>(nowS));
  payload.set("exp", static_cast<Poco::Int64>(issued.expiresAtS));
  payload.set("scope", joinScopes(principal.scopes));
  payload.set("name", principal.displayName);
  if (type == TokenType::kRefresh) {
    issued.family = family.empty() ? randomUuid() : std::move(family);
    payload.set("family", issued.family);
  } else if (!family.empty()) {
    // An access token issued with a refresh token names its session, so revoking the family
    // (logout, reuse) also ends the access tokens it produced.
    issued.family = std::move(family);
    payload.set("family", issued.family);
  }
  const Poco::JWT::Signer signer(key.secret);
  issued.token = signer.sign(token, std::string(algorithmFor(type)));
  return issued;
}

VerifyResult TokenService::verify(std::string_view token, TokenType expected,
                                  std::int64_t nowS) const noexcept {
  // The pieces are written not to throw; this is the backstop (e.g. bad_alloc) that keeps the
  // promise, since callers sit on request paths that treat any escape as a 500.
  try {
    return verifyOrThrow(token, expected, nowS, keys_, policy_);
  } catch (const std::exception&) {
    return refused(TokenFailure::kMalformed);
  }
}

}  // namespace streamit::auth
