#include "auth/authorizer.h"

#include <chrono>
#include <optional>
#include <string>

#include "auth/token_claims.h"
#include "http/api_error.h"

namespace streamit::auth {
namespace {

// RFC 6750 §2.1: b64token. JWTs only use the base64url alphabet and '.', but refusing the
// rest of b64token here would turn a foreign token into a "malformed header" instead of an
// invalid token; both are UNAUTHORIZED, so the wider set only affects the message.
bool isTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

// The token of "Bearer <token>"; the scheme name is case-insensitive (RFC 7235 §2.1).
std::optional<std::string_view> bearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() + 1)
    return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = header[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kScheme[i])
      return std::nullopt;
  }
  std::string_view rest = header.substr(kScheme.size());
  if (rest.front() != ' ')
    return std::nullopt;
  while (!rest.empty() && rest.front() == ' ')
    rest.remove_prefix(1);
  if (rest.empty())
    return std::nullopt;
  for (const char c : rest) {
    if (!isTokenChar(c))
      return std::nullopt;
  }
  return rest;
}

}  // namespace

std::int64_t systemNowS() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Authorizer::Authorizer(const TokenService& tokens, ClockFn clock, RevocationList* revoked)
    : tokens_(tokens), clock_(std::move(clock)), revoked_(revoked) {}

Principal Authorizer::authenticate(const http::Request& request) const {
  return authenticateToken(request).principal;
}

VerifyResult Authorizer::authenticateToken(const http::Request& request) const {
  const std::string header = request.header("authorization");
  const auto token = bearerToken(header);
  if (!token) {
    throw http::ApiError(http::errors::kUnauthorized,
                         header.empty()
                             ? "an access token is required: Authorization: Bearer <token>"
                             : "the Authorization header must be 'Bearer <token>'");
  }
  const VerifyResult result = tokens_.verify(*token, TokenType::kAccess, clock_());
  if (!result) {
    // The precise TokenFailure is for logs and metrics; clients only learn whether to refresh.
    throw http::ApiError(errorCodeFor(result.failure),
                         result.failure == TokenFailure::kExpired
                             ? "the access token has expired; refresh it"
                             : "the access token is not valid");
  }
  if (revoked_ != nullptr) {
    // After the signature: only tokens we minted cost a store round trip. The family check
    // ends every access token of a session at once when its refresh chain is revoked.
    const bool revoked = revoked_->isTokenRevoked(*result.claims.jti) ||
                         (result.claims.family && revoked_->isFamilyRevoked(*result.claims.family));
    if (revoked)
      throw http::ApiError(http::errors::kUnauthorized, "the access token has been revoked");
  }
  return result;
}

Principal Authorizer::require(const http::Request& request, std::string_view scope) const {
  Principal principal = authenticate(request);
  if (const auto code = requireScope(principal, scope)) {
    throw http::ApiError(*code, "this action needs the '" + std::string(scope) + "' scope",
                         {{"scope", std::string(scope)}});
  }
  return principal;
}

}  // namespace streamit::auth
