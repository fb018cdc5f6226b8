// Issue 4 (guest auth, REST part) end to end through the real binary and the real auth.guest
// plugin: sign in as a guest, use the token on the first protected endpoint, and see every
// refusal a client can meet — plus a token surviving a restart on the generated key file.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "auth/authorizer.h"
#include "auth/token_service.h"
#include "plugin_test_support.h"
#include "support/kernel_process.h"

namespace streamit::app {
namespace {

using streamit::testing::HttpReply;
using streamit::testing::KernelProcess;
using streamit::testing::TempDir;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string errorCode(const HttpReply& reply) {
  return parse(reply.body)->getObject("error")->getValue<std::string>("code");
}

class AuthE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins::testing::installLibrary(STREAMIT_GUEST_PLUGIN_PATH, pluginDir_.path(),
                                     "libauth_guest.so");
    kernel_ = std::make_unique<KernelProcess>(
        "plugins:\n  directories: [" + pluginDir_.path().string() +
        "]\n  instances:\n"
        "    - {id: auth.guest, library: libauth_guest.so, required: true,\n"
        "       config: {reserved_names: [admin, host, moderator]}}\n");
    ASSERT_TRUE(kernel_->start()) << kernel_->log();
  }

  HttpReply signIn(const std::string& body) {
    return streamit::testing::httpRequest(kernel_->port(), "POST", "/api/v1/auth/guest", body,
                                          {{"Content-Type", "application/json"}});
  }
  HttpReply me(const std::string& authorization) {
    std::map<std::string, std::string> headers;
    if (!authorization.empty())
      headers["Authorization"] = authorization;
    return streamit::testing::httpRequest(kernel_->port(), "GET", "/api/v1/auth/me", "", headers);
  }

  TempDir pluginDir_{"streamit-auth-plugins"};
  std::unique_ptr<KernelProcess> kernel_;
};

TEST_F(AuthE2E, GuestSignInTokenProvesIdentityOnAuthMe) {
  const HttpReply reply = signIn(R"({"display_name":"  Zoë 🎬 "})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.headers.at("Cache-Control"), "no-store");
  const auto body = parse(reply.body);
  const auto token = body->getValue<std::string>("access_token");
  EXPECT_EQ(body->getValue<std::string>("token_type"), "Bearer");
  EXPECT_EQ(body->getValue<std::int64_t>("expires_in"), 900);  // auth.access_ttl_s default
  const auto user = body->getObject("user");
  const auto subject = user->getValue<std::string>("id");
  EXPECT_EQ(subject.rfind("guest:", 0), 0u) << subject;
  EXPECT_EQ(user->getValue<std::string>("display_name"), "Zoë 🎬");
  EXPECT_EQ(user->getValue<std::string>("kind"), "guest");
  const auto scopes = user->getArray("scopes");
  ASSERT_EQ(scopes->size(), 3u);  // guests_may_create_rooms defaults to true

  const HttpReply who = me("Bearer " + token);
  ASSERT_EQ(who.status, 200) << who.body;
  const auto meUser = parse(who.body)->getObject("user");
  EXPECT_EQ(meUser->getValue<std::string>("id"), subject);
  EXPECT_EQ(meUser->getValue<std::string>("display_name"), "Zoë 🎬");
  EXPECT_EQ(meUser->getValue<std::string>("kind"), "guest");

  // Every sign-in is a new identity, even with the same name.
  const auto again = parse(signIn(R"({"display_name":"Zoë 🎬"})").body);
  EXPECT_NE(again->getObject("user")->getValue<std::string>("id"), subject);
}

TEST_F(AuthE2E, MissingMalformedAndForgedTokensAreUnauthorized) {
  HttpReply reply = me("");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  reply = me("Basic dXNlcjpwYXNz");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");

  // Right shape, right kid, wrong key: what an attacker without the secret can make.
  const auth::TokenService forger(
      auth::TokenKeys({{"local-1", "not-the-kernels-secret-0123456789abcdef0123", true}}),
      auth::TokenPolicy{});
  const auto forged = forger.issue(auth::Principal{"guest:00000000-0000-4000-8000-000000000000",
                                                   "Mallory",
                                                   auth::UserKind::kGuest,
                                                   {"room:join", "chat:send", "admin"}},
                                   auth::TokenType::kAccess, auth::systemNowS());
  reply = me("Bearer " + forged.token);
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  EXPECT_EQ(reply.body.find(forged.token), std::string::npos);  // never echoed
}

TEST_F(AuthE2E, BadDisplayNamesAreValidationFailed) {
  for (const char* body :
       {R"({"display_name":""})", R"({"display_name":"   "})", R"({"display_name":"a\u0007b"})",
        R"({"display_name":"ADMIN"})", R"({"display_name":"Moderator"})",
        R"({"display_name":"123456789012345678901234567890123"})", R"({"display_name":7})",
        R"({})"}) {
    const HttpReply reply = signIn(body);
    EXPECT_EQ(reply.status, 400) << body << " → " << reply.body;
    EXPECT_EQ(errorCode(reply), "VALIDATION_FAILED") << body;
    EXPECT_EQ(
        parse(reply.body)->getObject("error")->getObject("details")->getValue<std::string>("field"),
        "display_name")
        << body;
  }
  EXPECT_EQ(signIn("not json").status, 400);
}

TEST_F(AuthE2E, TokenSurvivesARestartOnTheGeneratedKey) {
  const auto token =
      parse(signIn(R"({"display_name":"Ann"})").body)->getValue<std::string>("access_token");
  ASSERT_TRUE(std::filesystem::exists(kernel_->dir() / "data" / "jwt.key"));
  kernel_->process().stop(SIGTERM);
  ASSERT_TRUE(kernel_->start()) << kernel_->log();  // same config, same data_dir
  const HttpReply reply = me("Bearer " + token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(parse(reply.body)->getObject("user")->getValue<std::string>("display_name"), "Ann");
}

TEST_F(AuthE2E, GuestSignInIsRateLimitedPerClient) {
  int refused = 0;
  for (int i = 0; i < 12; ++i) {  // burst 10 at 5 per minute: the 11th comes too soon
    const HttpReply reply = signIn(R"({"display_name":"Ann"})");
    if (reply.status == 429) {
      ++refused;
      EXPECT_EQ(errorCode(reply), "RATE_LIMITED");
    } else {
      EXPECT_EQ(reply.status, 200) << reply.body;
    }
  }
  EXPECT_EQ(refused, 2);
}

TEST(AuthE2EWithoutGuestPlugin, GuestSignInIsNotFound) {
  KernelProcess kernel("");
  ASSERT_TRUE(kernel.start()) << kernel.log();
  const HttpReply reply = streamit::testing::httpRequest(
      kernel.port(), "POST", "/api/v1/auth/guest", R"({"display_name":"Ann"})");
  EXPECT_EQ(reply.status, 404) << reply.body;
  EXPECT_EQ(errorCode(reply), "NOT_FOUND");
  EXPECT_EQ(kernel.get("/api/v1/auth/me").status, 401);  // the token check needs no plugin
}

}  // namespace
}  // namespace streamit::app
