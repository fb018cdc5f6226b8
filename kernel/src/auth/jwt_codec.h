#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "auth/token_claims.h"

namespace streamit::auth {

// Tokens we issue are well under 1 KiB; anything past this is refused before any decoding so
// a hostile client cannot make us parse megabytes per request.
inline constexpr std::size_t kMaxTokenBytes = std::size_t{8} * 1024;

// The three segments of a compact JWS, decoded. Pure functions, no exceptions: every input is
// attacker-controlled.
struct JwtParts {
  std::string_view signingInput;  // "header.payload", exactly as received (what the MAC covers)
  std::string headerJson;
  std::string payloadJson;
  std::string signature;  // raw MAC bytes
};

// Nothing for: more or fewer than three segments, empty header or payload, a segment that is
// not unpadded base64url, or input larger than kMaxTokenBytes.
std::optional<JwtParts> splitJwt(std::string_view token);

// Strict RFC 4648 §5 without padding; nothing for any other character or an impossible length.
std::optional<std::string> base64UrlDecode(std::string_view text);
std::string base64UrlEncode(std::string_view bytes);

struct JwtHeader {
  std::string alg;
  std::optional<std::string> kid;
};

// Nothing unless the JSON is an object with a string `alg`. A non-string `kid` is absent.
std::optional<JwtHeader> parseHeader(std::string_view json);

// Nothing unless the JSON is an object; claims of the wrong type are left empty.
std::optional<TokenClaims> parseClaims(std::string_view json);

// HMAC of `data` under `key` with "HS256" or "HS512"; nothing for any other algorithm.
std::optional<std::string> hmac(std::string_view alg, std::string_view key, std::string_view data);

// Constant-time equality (length is not secret: it follows from the algorithm).
bool macEquals(std::string_view a, std::string_view b);

}  // namespace streamit::auth
