#include <gtest/gtest.h>

#include "auth/jwt_codec.h"

namespace streamit::auth {
namespace {

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 70; ++i) {
    EXPECT_EQ(base64UrlDecode(base64UrlEncode(bytes)), bytes) << i;
    bytes.push_back(static_cast<char>(i * 37));
  }
}

TEST(Base64Url, RejectsPaddingForeignCharactersAndNonCanonicalBits) {
  EXPECT_EQ(base64UrlDecode("YQ=="), std::nullopt);   // padding
  EXPECT_EQ(base64UrlDecode("a+b/"), std::nullopt);   // standard alphabet
  EXPECT_EQ(base64UrlDecode("abcde"), std::nullopt);  // impossible length
  EXPECT_EQ(base64UrlDecode("YR"), std::nullopt);     // "a" is "YQ"; low bits must be zero
  EXPECT_EQ(base64UrlDecode("YQ"), std::string("a"));
}

TEST(SplitJwt, Shape) {
  EXPECT_TRUE(splitJwt("e30.e30.").has_value());  // empty signature still splits
  EXPECT_FALSE(splitJwt("e30.e30").has_value());
  EXPECT_FALSE(splitJwt("e30.e30.e30.e30").has_value());
  EXPECT_FALSE(splitJwt(".e30.").has_value());
  EXPECT_FALSE(splitJwt("e30..").has_value());
  EXPECT_FALSE(splitJwt("").has_value());
  EXPECT_FALSE(splitJwt("e30.e3 0.").has_value());
  EXPECT_FALSE(splitJwt("e30.e30." + std::string(kMaxTokenBytes, 'A')).has_value());
}

TEST(ParseHeader, NeedsObjectWithStringAlg) {
  EXPECT_EQ(parseHeader(R"({"alg":"HS256","kid":"k"})")->kid, "k");
  EXPECT_EQ(parseHeader(R"({"alg":"HS256","kid":7})")->kid, std::nullopt);
  EXPECT_FALSE(parseHeader(R"({"alg":1})").has_value());
  EXPECT_FALSE(parseHeader(R"(["alg"])").has_value());
  EXPECT_FALSE(parseHeader(R"({"alg":"HS256")").has_value());
  EXPECT_FALSE(parseHeader("").has_value());
  EXPECT_FALSE(parseHeader(std::string(500, '[')).has_value());  // depth bomb
}

TEST(ParseClaims, TypesAreStrict) {
  const auto c = parseClaims(
      R"({"sub":"user:1","exp":true,"nbf":"5","iat":1.5,"aud":["a",2],"jti":3,"typ":"access"})");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->sub, "user:1");
  EXPECT_EQ(c->typ, "access");
  EXPECT_FALSE(c->exp.has_value());
  EXPECT_FALSE(c->nbf.has_value());
  EXPECT_FALSE(c->iat.has_value());
  EXPECT_FALSE(c->jti.has_value());
  EXPECT_TRUE(c->aud.empty());
  // Beyond 64 bits is malformed outright (Poco 1.11 would sometimes wrap such a value).
  EXPECT_FALSE(parseClaims(R"({"aud":"x","exp":99999999999999999999})").has_value());
  EXPECT_FALSE(parseClaims(R"({"exp":1234567890123456789})").has_value());
  EXPECT_EQ(parseClaims(R"({"exp":123456789012345678})")->exp, 123456789012345678);
  EXPECT_EQ(parseClaims(R"({"name":"99999999999999999999999","exp":1})")->name,
            "99999999999999999999999")
      << "digits inside strings are text";
  EXPECT_EQ(parseClaims(R"({"name":"a\"99999999999999999999999","exp":1})")->exp, 1);
  EXPECT_EQ(parseClaims(R"({"aud":["x","y"]})")->aud, (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(parseClaims("null").has_value());
  EXPECT_FALSE(parseClaims("{").has_value());
}

TEST(Hmac, KnownVectorAndPinnedAlgorithms) {
  // RFC 4231 test case 2.
  const auto mac = hmac("HS256", "Jefe", "what do ya want for nothing?");
  ASSERT_TRUE(mac.has_value());
  EXPECT_EQ(base64UrlEncode(*mac), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM");
  EXPECT_EQ(hmac("HS512", "k", "d")->size(), 64U);
  EXPECT_FALSE(hmac("none", "k", "d").has_value());
  EXPECT_FALSE(hmac("RS256", "k", "d").has_value());
  EXPECT_TRUE(macEquals("abc", "abc"));
  EXPECT_FALSE(macEquals("abc", "abd"));
  EXPECT_FALSE(macEquals("abc", "ab"));
}

}  // namespace
}  // namespace streamit::auth
