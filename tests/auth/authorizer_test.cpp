// The one REST authorization path: what a handler sees for each kind of Authorization header.
#include "auth/authorizer.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "http/api_error.h"

namespace streamit::auth {
namespace {

constexpr std::int64_t kNow = 1'750'000'000;
constexpr const char* kSecret = "authorizer-secret-0123456789abcdef0123456789";

class AuthorizerTest : public ::testing::Test {
 protected:
  static Principal guest(bool mayCreateRooms = true) {
    return Principal{"guest:7d0c8a4e-2b1f-4c53-9a57-0f3b8d7e6c21", "Zoë", UserKind::kGuest,
                     defaultScopes(UserKind::kGuest, mayCreateRooms)};
  }
  static http::Request withAuthorization(const std::string& value) {
    http::Request request;
    request.headers["authorization"] = value;
    return request;
  }
  // The ApiError code `call` throws, or "" when it returns.
  template <class Call>
  static std::string codeOf(Call call, http::ApiError* caught = nullptr) {
    try {
      call();
    } catch (const http::ApiError& e) {
      if (caught != nullptr)
        *caught = e;
      return std::string(e.code().code);
    }
    return "";
  }

  TokenService tokens_{TokenKeys({{"k1", kSecret, true}}), TokenPolicy{}};
  std::int64_t now_ = kNow;
  Authorizer authorizer_{tokens_, [this] { return now_; }};
};

TEST_F(AuthorizerTest, ValidAccessTokenGivesItsPrincipal) {
  const auto issued = tokens_.issue(guest(), TokenType::kAccess, kNow);
  const Principal p = authorizer_.authenticate(withAuthorization("Bearer " + issued.token));
  EXPECT_EQ(p.subject, guest().subject);
  EXPECT_EQ(p.displayName, "Zoë");
  EXPECT_EQ(p.kind, UserKind::kGuest);
  EXPECT_EQ(p.scopes, guest().scopes);
  // The scheme name is case-insensitive (RFC 7235), extra spaces before the token are fine.
  EXPECT_EQ(authorizer_.authenticate(withAuthorization("bearer  " + issued.token)).subject,
            guest().subject);
  EXPECT_EQ(
      authorizer_.require(withAuthorization("Bearer " + issued.token), kScopeRoomJoin).subject,
      guest().subject);
}

TEST_F(AuthorizerTest, MissingHeaderIsUnauthorized) {
  http::ApiError error(http::errors::kInternalError, "");
  EXPECT_EQ(codeOf([&] { authorizer_.authenticate(http::Request{}); }, &error), "UNAUTHORIZED");
  EXPECT_EQ(error.code().httpStatus, 401);
  EXPECT_NE(std::string(error.what()).find("Bearer"), std::string::npos) << error.what();
}

TEST_F(AuthorizerTest, WrongSchemeOrShapeIsUnauthorized) {
  const auto token = tokens_.issue(guest(), TokenType::kAccess, kNow).token;
  for (const std::string& header : std::initializer_list<std::string>{
           "Basic dXNlcjpwYXNz", "Token " + token, "Bearer", "Bearer ", "Bearer   ",
           "Bearer" + token, "Bearer " + token + " extra", "Bearer " + token + "\t",
           "Bearer \"" + token + "\""}) {
    EXPECT_EQ(codeOf([&] { authorizer_.authenticate(withAuthorization(header)); }), "UNAUTHORIZED")
        << header;
  }
}

TEST_F(AuthorizerTest, GarbageAndForgedTokensAreUnauthorizedWithoutEchoingThem) {
  const auto token = tokens_.issue(guest(), TokenType::kAccess, kNow).token;
  const TokenService other{TokenKeys({{"k1", "another-secret-0123456789abcdef01234567", true}}),
                           TokenPolicy{}};
  const auto forged = other.issue(guest(), TokenType::kAccess, kNow).token;
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  for (const std::string& bad : {std::string("garbage"), std::string("a.b.c"), forged, tampered}) {
    http::ApiError error(http::errors::kInternalError, "");
    EXPECT_EQ(codeOf([&] { authorizer_.authenticate(withAuthorization("Bearer " + bad)); }, &error),
              "UNAUTHORIZED")
        << bad;
    EXPECT_EQ(std::string(error.what()).find(bad), std::string::npos) << error.what();
  }
}

TEST_F(AuthorizerTest, ExpiredTokenIsTokenExpired) {
  const auto issued = tokens_.issue(guest(), TokenType::kAccess, kNow);
  now_ = issued.expiresAtS + tokens_.policy().clockSkewS;  // the first second it is refused
  http::ApiError error(http::errors::kInternalError, "");
  EXPECT_EQ(codeOf([&] { authorizer_.authenticate(withAuthorization("Bearer " + issued.token)); },
                   &error),
            "TOKEN_EXPIRED");
  EXPECT_EQ(error.code().httpStatus, 401);
  now_ = issued.expiresAtS - 1;
  EXPECT_NO_THROW(authorizer_.authenticate(withAuthorization("Bearer " + issued.token)));
}

TEST_F(AuthorizerTest, RefreshTokenIsNotAnAccessToken) {
  const auto refresh = tokens_.issue(guest(), TokenType::kRefresh, kNow);
  EXPECT_EQ(codeOf([&] { authorizer_.authenticate(withAuthorization("Bearer " + refresh.token)); }),
            "UNAUTHORIZED");
}

TEST_F(AuthorizerTest, MissingScopeIsForbiddenNamingTheScope) {
  const auto token = tokens_.issue(guest(false), TokenType::kAccess, kNow).token;
  http::ApiError error(http::errors::kInternalError, "");
  EXPECT_EQ(
      codeOf([&] { authorizer_.require(withAuthorization("Bearer " + token), kScopeRoomCreate); },
             &error),
      "FORBIDDEN");
  EXPECT_EQ(error.code().httpStatus, 403);
  EXPECT_EQ(error.details().at("scope"), "room:create");
  EXPECT_NE(std::string(error.what()).find("room:create"), std::string::npos);
  EXPECT_EQ(codeOf([&] { authorizer_.require(withAuthorization("Bearer " + token), kScopeAdmin); }),
            "FORBIDDEN");
  // Authentication comes first: no token is UNAUTHORIZED, not FORBIDDEN.
  EXPECT_EQ(codeOf([&] { authorizer_.require(http::Request{}, kScopeRoomCreate); }),
            "UNAUTHORIZED");
}

}  // namespace
}  // namespace streamit::auth
