// libFuzzer entry point for token verification (TEST-PLAN T14, "claim validator"). Build
// with clang (target fuzz_auth_token); tests/auth/fuzz_corpus_test.cpp replays the corpus
// through this same function under gcc.
//
// The first byte picks a mode so the fuzzer also gets past the signature check:
//   even: the rest is a whole token, verified as access and as refresh token;
//   odd:  the rest is a payload, signed correctly here, so parseClaims/validateClaims see
//         arbitrary JSON behind a valid HS256 signature.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/jwt_codec.h"
#include "auth/token_service.h"

namespace {

using namespace streamit::auth;

constexpr std::int64_t kFuzzNow = 1'800'000'000;
const std::string kFuzzSecret = "fuzz-secret-0123456789abcdef0123456789";

const TokenService& service() {
  static const TokenService instance(TokenKeys({{"fuzz", kFuzzSecret, true}}), TokenPolicy{});
  return instance;
}

void check(const VerifyResult& result) {
  // A refusal must always map to a 401; a success must carry a subject we could have issued.
  if (!result.ok && errorCodeFor(result.failure).httpStatus != 401)
    __builtin_trap();
  if (result.ok && !kindOfSubject(result.principal.subject).has_value())
    __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 1) == 0) {
    check(service().verify(rest, TokenType::kAccess, kFuzzNow));
    check(service().verify(rest, TokenType::kRefresh, kFuzzNow));
    return 0;
  }
  const std::string input =
      base64UrlEncode(R"({"alg":"HS256","kid":"fuzz"})") + "." + base64UrlEncode(rest);
  const auto mac = hmac("HS256", kFuzzSecret, input);
  if (mac)
    check(service().verify(input + "." + base64UrlEncode(*mac), TokenType::kAccess, kFuzzNow));
  return 0;
}
