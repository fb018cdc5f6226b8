// Password hashing with scrypt (OpenSSL 3 EVP_KDF), stored as PHC strings so the parameters
// travel with every hash and can be raised later (ADR 0005). Pure apart from the CSPRNG salt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamit::local {

struct ScryptParams {
  std::uint32_t log2N = 15;  // N = 2^15: 32 MiB per hash with r = 8
  std::uint32_t r = 8;
  std::uint32_t p = 3;
  std::uint32_t saltBytes = 16;
  std::uint32_t keyBytes = 32;

  bool operator==(const ScryptParams&) const = default;
};

// What a stored hash may ask for. Hashes come from our own database, but a bound keeps one
// corrupted or planted row from making every login allocate gigabytes.
inline constexpr std::uint32_t kMinLog2N = 10;
inline constexpr std::uint32_t kMaxLog2N = 20;
inline constexpr std::uint32_t kMaxR = 32;
inline constexpr std::uint32_t kMaxP = 16;

// Memory scrypt needs for `params` (128·r·N + 128·r·p bytes, as OpenSSL counts it).
std::uint64_t scryptMemoryBytes(const ScryptParams& params);

// "$scrypt$ln=15,r=8,p=3$<salt>$<hash>" (unpadded standard base64, the PHC format) with a
// fresh random salt. Throws std::runtime_error when OpenSSL fails (e.g. out of memory).
std::string hashPassword(std::string_view password, const ScryptParams& params);

// The parameters of an encoded hash, or nothing when it is not a PHC scrypt string within
// the bounds above.
std::optional<ScryptParams> parseHashParams(std::string_view encoded);

// Recomputes and compares in constant time (CRYPTO_memcmp). False for a malformed or
// out-of-bounds hash; never throws for bad input.
bool verifyPassword(std::string_view password, std::string_view encoded);

// True when `encoded` was made with parameters other than `current` (rehash after login).
bool needsRehash(std::string_view encoded, const ScryptParams& current);

}  // namespace streamit::local
