#include "password_hash.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace streamit::local {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::vector<unsigned char>& bytes) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t v = bytes[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    const std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::vector<unsigned char>> unbase64(std::string_view text) {
  if (text.size() % 4 == 1)
    return std::nullopt;
  std::vector<unsigned char> out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const char* at = std::char_traits<char>::find(kAlphabet, 64, c);
    if (at == nullptr)
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(at - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// Parses "<key>=<decimal>" at the front of `text`, consuming it and a following ','.
std::optional<std::uint32_t> takeParam(std::string_view& text, std::string_view key) {
  if (text.substr(0, key.size()) != key || text.size() <= key.size() || text[key.size()] != '=')
    return std::nullopt;
  text.remove_prefix(key.size() + 1);
  std::uint64_t value = 0;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9' && digits < 9) {
    value = value * 10 + static_cast<std::uint64_t>(text[digits] - '0');
    ++digits;
  }
  if (digits == 0)
    return std::nullopt;
  text.remove_prefix(digits);
  if (!text.empty() && text.front() == ',')
    text.remove_prefix(1);
  return static_cast<std::uint32_t>(value);
}

struct Parsed {
  ScryptParams params;
  std::vector<unsigned char> salt;
  std::vector<unsigned char> hash;
};

std::optional<Parsed> parse(std::string_view encoded) {
  constexpr std::string_view kPrefix = "$scrypt$";
  if (encoded.substr(0, kPrefix.size()) != kPrefix)
    return std::nullopt;
  encoded.remove_prefix(kPrefix.size());
  const auto end = encoded.find('$');
  if (end == std::string_view::npos)
    return std::nullopt;
  std::string_view paramText = encoded.substr(0, end);
  encoded.remove_prefix(end + 1);
  Parsed parsed;
  const auto ln = takeParam(paramText, "ln");
  const auto r = takeParam(paramText, "r");
  const auto p = takeParam(paramText, "p");
  if (!ln || !r || !p || !paramText.empty())
    return std::nullopt;
  if (*ln < kMinLog2N || *ln > kMaxLog2N || *r < 1 || *r > kMaxR || *p < 1 || *p > kMaxP)
    return std::nullopt;
  const auto split = encoded.find('$');
  if (split == std::string_view::npos)
    return std::nullopt;
  auto salt = unbase64(encoded.substr(0, split));
  auto hash = unbase64(encoded.substr(split + 1));
  if (!salt || !hash || salt->size() < 8 || salt->size() > 64 || hash->size() < 16 ||
      hash->size() > 64)
    return std::nullopt;
  parsed.params = ScryptParams{*ln, *r, *p, static_cast<std::uint32_t>(salt->size()),
                               static_cast<std::uint32_t>(hash->size())};
  parsed.salt = std::move(*salt);
  parsed.hash = std::move(*hash);
  return parsed;
}

struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

// scrypt(password, salt) into `out`; false when OpenSSL refuses.
bool derive(std::string_view password, const std::vector<unsigned char>& salt,
            const ScryptParams& params, std::vector<unsigned char>& out) {
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
  if (!kdf)
    return false;
  std::unique_ptr<EVP_KDF_CTX, KdfDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx)
    return false;
  std::uint64_t n = std::uint64_t{1} << params.log2N;
  std::uint32_t r = params.r;
  std::uint32_t p = params.p;
  // OpenSSL's default cap (32 MiB) is below what N = 2^15, r = 8 needs once the p blocks are
  // counted; allow exactly what these parameters need, which the bounds above keep sane.
  std::uint64_t maxmem = scryptMemoryBytes(params) + (1u << 20);
  std::string pass(password);
  std::vector<unsigned char> saltCopy = salt;
  const OSSL_PARAM list[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pass.data(), pass.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltCopy.data(), saltCopy.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
      OSSL_PARAM_construct_end()};
  out.assign(params.keyBytes, 0);
  const bool ok = EVP_KDF_derive(ctx.get(), out.data(), out.size(), list) == 1;
  OPENSSL_cleanse(pass.data(), pass.size());
  return ok;
}

}  // namespace

std::uint64_t scryptMemoryBytes(const ScryptParams& params) {
  return 128ull * params.r * (std::uint64_t{1} << params.log2N) + 128ull * params.r * params.p;
}

std::string hashPassword(std::string_view password, const ScryptParams& params) {
  std::vector<unsigned char> salt(params.saltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    throw std::runtime_error("the OpenSSL random generator failed");
  std::vector<unsigned char> key;
  if (!derive(password, salt, params, key))
    throw std::runtime_error("scrypt failed (OpenSSL EVP_KDF)");
  return "$scrypt$ln=" + std::to_string(params.log2N) + ",r=" + std::to_string(params.r) +
         ",p=" + std::to_string(params.p) + "$" + base64(salt) + "$" + base64(key);
}

std::optional<ScryptParams> parseHashParams(std::string_view encoded) {
  const auto parsed = parse(encoded);
  if (!parsed)
    return std::nullopt;
  return parsed->params;
}

bool verifyPassword(std::string_view password, std::string_view encoded) {
  try {
    const auto parsed = parse(encoded);
    if (!parsed)
      return false;
    std::vector<unsigned char> key;
    if (!derive(password, parsed->salt, parsed->params, key))
      return false;
    return key.size() == parsed->hash.size() &&
           CRYPTO_memcmp(key.data(), parsed->hash.data(), key.size()) == 0;
  } catch (const std::exception&) {
    return false;
  }
}

bool needsRehash(std::string_view encoded, const ScryptParams& current) {
  const auto params = parseHashParams(encoded);
  return !params || !(*params == current);
}

}  // namespace streamit::local
