#include "auth/jwt_codec.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <exception>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace streamit::auth {
namespace {

// Our headers and payloads are flat objects (plus an `aud` array); deeper input is hostile.
constexpr std::size_t kMaxJsonDepth = 4;

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '-')
    return 62;
  if (c == '_')
    return 63;
  return -1;
}

// Poco 1.11's JSON parser does not reliably reject integers beyond 64 bits: measured, the same
// 20-digit literal sometimes throws and sometimes yields a wrapped value. No token needs such
// a number (a NumericDate has 11 digits), so any digit run outside strings longer than this
// makes the document malformed before Poco sees it.
constexpr std::size_t kMaxDigitRun = 18;

bool hasOversizedNumber(std::string_view json) {
  bool inString = false;
  std::size_t run = 0;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (inString) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        inString = false;
      }
      continue;
    }
    if (c == '"') {
      inString = true;
      run = 0;
    } else if (c >= '0' && c <= '9') {
      if (++run > kMaxDigitRun)
        return true;
    } else {
      run = 0;
    }
  }
  return false;
}

Poco::JSON::Object::Ptr parseObject(std::string_view json) {
  if (hasOversizedNumber(json))
    return nullptr;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonDepth);
    const Poco::Dynamic::Var value = parser.parse(std::string(json));
    if (value.type() != typeid(Poco::JSON::Object::Ptr))
      return nullptr;
    return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::optional<std::string> stringClaim(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key))
    return std::nullopt;
  const Poco::Dynamic::Var value = object.get(key);
  if (!value.isString())
    return std::nullopt;
  return value.extract<std::string>();
}

std::optional<std::int64_t> integerClaim(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key))
    return std::nullopt;
  const Poco::Dynamic::Var value = object.get(key);
  // Booleans and strings convert to numbers in Poco; a NumericDate must be a JSON integer.
  if (!value.isInteger() || value.isBoolean() || value.isString())
    return std::nullopt;
  try {
    return value.convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    return std::nullopt;  // out of int64 range
  }
}

}  // namespace

std::optional<std::string> base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1)
    return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = sextet(c);
    if (value < 0)
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero, or two different strings would decode to one signature.
  if (bits > 0 && (buffer & ((1U << bits) - 1)) != 0)
    return std::nullopt;
  return out;
}

std::string base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0)
    out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<JwtParts> splitJwt(std::string_view token) {
  if (token.size() > kMaxTokenBytes)
    return std::nullopt;
  const std::size_t first = token.find('.');
  if (first == std::string_view::npos)
    return std::nullopt;
  const std::size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return std::nullopt;
  if (first == 0 || second == first + 1)
    return std::nullopt;
  auto header = base64UrlDecode(token.substr(0, first));
  auto payload = base64UrlDecode(token.substr(first + 1, second - first - 1));
  auto signature = base64UrlDecode(token.substr(second + 1));
  if (!header || !payload || !signature)
    return std::nullopt;
  return JwtParts{token.substr(0, second), std::move(*header), std::move(*payload),
                  std::move(*signature)};
}

std::optional<JwtHeader> parseHeader(std::string_view json) {
  const Poco::JSON::Object::Ptr object = parseObject(json);
  if (!object)
    return std::nullopt;
  auto alg = stringClaim(*object, "alg");
  if (!alg)
    return std::nullopt;
  return JwtHeader{std::move(*alg), stringClaim(*object, "kid")};
}

std::optional<TokenClaims> parseClaims(std::string_view json) {
  const Poco::JSON::Object::Ptr object = parseObject(json);
  if (!object)
    return std::nullopt;
  TokenClaims claims;
  claims.typ = stringClaim(*object, "typ");
  claims.sub = stringClaim(*object, "sub");
  claims.iss = stringClaim(*object, "iss");
  claims.jti = stringClaim(*object, "jti");
  claims.scope = stringClaim(*object, "scope");
  claims.name = stringClaim(*object, "name");
  claims.family = stringClaim(*object, "family");
  claims.exp = integerClaim(*object, "exp");
  claims.nbf = integerClaim(*object, "nbf");
  claims.iat = integerClaim(*object, "iat");
  // RFC 7519 §4.1.3: a single string or an array of strings; anything else counts as absent.
  if (auto aud = stringClaim(*object, "aud")) {
    claims.aud.push_back(std::move(*aud));
  } else if (object->has("aud") && object->isArray("aud")) {
    const Poco::JSON::Array::Ptr array = object->getArray("aud");
    for (std::size_t i = 0; array && i < array->size(); ++i) {
      const Poco::Dynamic::Var item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) {
        claims.aud.clear();
        break;
      }
      claims.aud.push_back(item.extract<std::string>());
    }
  }
  return claims;
}

std::optional<std::string> hmac(std::string_view alg, std::string_view key, std::string_view data) {
  const EVP_MD* md = nullptr;
  if (alg == "HS256")
    md = EVP_sha256();
  else if (alg == "HS512")
    md = EVP_sha512();
  else
    return std::nullopt;
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
           &length) == nullptr) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}

bool macEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace streamit::auth
