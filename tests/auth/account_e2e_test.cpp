// Issue 4, accounts end to end through the real binary, the real auth.local plugin and the
// kernel's accounts table (SQLite in data_dir): register → login → me → refresh → logout,
// the uniform refusal, policy errors, throttling, and accounts surviving a restart.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <memory>
#include <string>

#include "plugin_test_support.h"
#include "support/kernel_process.h"

namespace streamit::auth {
namespace {

using streamit::testing::HttpReply;
using streamit::testing::KernelProcess;
using streamit::testing::TempDir;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr errorOf(const HttpReply& reply) {
  try {
    return parse(reply.body)->getObject("error");
  } catch (const std::exception&) {
    return new Poco::JSON::Object;
  }
}

std::string errorCode(const HttpReply& reply) {
  return errorOf(reply)->optValue<std::string>("code", "<none: " + reply.body + ">");
}

class AccountE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins::testing::installLibrary(STREAMIT_LOCAL_PLUGIN_PATH, pluginDir_.path(),
                                     "libauth_local.so");
    // The cheapest scrypt the schema allows keeps the suite quick; bench/kdf measures the
    // production parameters.
    kernel_ = std::make_unique<KernelProcess>(
        "plugins:\n  directories: [" + pluginDir_.path().string() +
        "]\n  instances:\n"
        "    - {id: auth.local, library: libauth_local.so, required: true,\n"
        "       config: {scrypt_log2_n: 14, scrypt_p: 1}}\n");
    ASSERT_TRUE(kernel_->start()) << kernel_->log();
  }

  HttpReply post(const std::string& path, const std::string& body,
                 const std::string& accessToken = {}) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!accessToken.empty())
      headers["Authorization"] = "Bearer " + accessToken;
    return streamit::testing::httpRequest(kernel_->port(), "POST", path, body, headers);
  }
  HttpReply registerAs(const std::string& user, const std::string& password,
                       const std::string& name = "Ann") {
    return post("/api/v1/auth/register", R"({"username":")" + user + R"(","password":")" +
                                             password + R"(","display_name":")" + name + "\"}");
  }
  HttpReply login(const std::string& user, const std::string& password) {
    return post("/api/v1/auth/login",
                R"({"username":")" + user + R"(","password":")" + password + "\"}");
  }
  HttpReply me(const std::string& accessToken) {
    return streamit::testing::httpRequest(kernel_->port(), "GET", "/api/v1/auth/me", "",
                                          {{"Authorization", "Bearer " + accessToken}});
  }

  TempDir pluginDir_{"streamit-auth-local-plugins"};
  std::unique_ptr<KernelProcess> kernel_;
};

TEST_F(AccountE2E, RegisterLoginMeRefreshLogout) {
  HttpReply reply = registerAs("Ann.Lee", "correct horse battery", "Ann Lee");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.headers.at("Cache-Control"), "no-store");
  auto body = parse(reply.body);
  const auto user = body->getObject("user");
  const std::string subject = user->getValue<std::string>("id");
  EXPECT_EQ(subject.rfind("user:", 0), 0u) << subject;
  EXPECT_EQ(user->getValue<std::string>("kind"), "account");
  EXPECT_EQ(user->getValue<std::string>("display_name"), "Ann Lee");
  const auto scopes = user->getArray("scopes");
  ASSERT_EQ(scopes->size(), 3u);  // room:create room:join chat:send, never admin
  for (std::size_t i = 0; i < scopes->size(); ++i)
    EXPECT_NE(scopes->getElement<std::string>(static_cast<unsigned>(i)), "admin");

  reply = login("ann.lee", "correct horse battery");  // case-folded
  ASSERT_EQ(reply.status, 200) << reply.body;
  body = parse(reply.body);
  EXPECT_EQ(body->getObject("user")->getValue<std::string>("id"), subject);
  const std::string access = body->getValue<std::string>("access_token");
  const std::string refresh = body->getValue<std::string>("refresh_token");

  reply = me(access);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(parse(reply.body)->getObject("user")->getValue<std::string>("kind"), "account");

  reply = post("/api/v1/auth/refresh", R"({"refresh_token":")" + refresh + "\"}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const std::string access2 = parse(reply.body)->getValue<std::string>("access_token");
  const std::string refresh2 = parse(reply.body)->getValue<std::string>("refresh_token");
  EXPECT_EQ(me(access2).status, 200);

  reply = post("/api/v1/auth/logout", R"({"refresh_token":")" + refresh2 + "\"}", access2);
  EXPECT_EQ(reply.status, 204) << reply.body;
  EXPECT_EQ(me(access2).status, 401);
  EXPECT_EQ(post("/api/v1/auth/refresh", R"({"refresh_token":")" + refresh2 + "\"}").status, 401);
  // The account itself is fine: signing in again works.
  EXPECT_EQ(login("ann.lee", "correct horse battery").status, 200);
}

TEST_F(AccountE2E, UnknownUserAndWrongPasswordLookTheSame) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, 201);
  const HttpReply wrong = login("ann", "correct horse batterY");
  const HttpReply unknown = login("nobody", "correct horse battery");
  for (const HttpReply& reply : {wrong, unknown}) {
    EXPECT_EQ(reply.status, 401) << reply.body;
    EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  }
  EXPECT_EQ(errorOf(wrong)->getValue<std::string>("message"),
            errorOf(unknown)->getValue<std::string>("message"));
}

TEST_F(AccountE2E, PolicyAndConflictErrorsNameTheField) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, 201);
  const std::map<std::string, HttpReply> cases = {
      {"username", registerAs("a b", "correct horse battery")},
      {"password", registerAs("bob", "short")},
      {"display_name", registerAs("bob", "correct horse battery", "   ")},
  };
  for (const auto& [field, reply] : cases) {
    EXPECT_EQ(reply.status, 400) << field << ": " << reply.body;
    EXPECT_EQ(errorCode(reply), "VALIDATION_FAILED");
    EXPECT_EQ(errorOf(reply)->getObject("details")->getValue<std::string>("field"), field);
  }
  const HttpReply taken = registerAs("ANN", "another good password");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(errorCode(taken), "CONFLICT");
}

TEST_F(AccountE2E, LoginsAreThrottledPerAccount) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, 201);
  int refused = 0;
  std::int64_t retryAfterMs = 0;
  for (int i = 0; i < 12; ++i) {  // burst 10 per account
    const HttpReply reply = login("ann", "wrong password " + std::to_string(i));
    if (reply.status == 429) {
      ++refused;
      EXPECT_EQ(errorCode(reply), "RATE_LIMITED");
      retryAfterMs =
          std::stoll(errorOf(reply)->getObject("details")->getValue<std::string>("retry_after_ms"));
    } else {
      EXPECT_EQ(reply.status, 401) << reply.body;
    }
  }
  EXPECT_EQ(refused, 2);
  EXPECT_GT(retryAfterMs, 0);
  // The right password is throttled too while the account is hot: guessing speed is capped.
  EXPECT_EQ(login("ann", "correct horse battery").status, 429);
  // Another account from the same address is not affected (its own budget, and the address
  // budget is larger).
  ASSERT_EQ(registerAs("bob", "correct horse battery").status, 201);
  EXPECT_EQ(login("bob", "correct horse battery").status, 200);
}

TEST_F(AccountE2E, AccountsSurviveARestart) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, 201);
  kernel_->process().stop(SIGTERM);
  ASSERT_TRUE(kernel_->start()) << kernel_->log();
  EXPECT_EQ(login("ann", "correct horse battery").status, 200);
}

TEST(AccountE2EWithoutPlugin, RegisterAndLoginAreNotFound) {
  KernelProcess kernel("");
  ASSERT_TRUE(kernel.start()) << kernel.log();
  for (const char* path : {"/api/v1/auth/register", "/api/v1/auth/login"}) {
    const HttpReply reply = streamit::testing::httpRequest(
        kernel.port(), "POST", path,
        R"({"username":"ann","password":"correct horse battery","display_name":"Ann"})");
    EXPECT_EQ(reply.status, 404) << reply.body;
    EXPECT_EQ(errorCode(reply), "NOT_FOUND");
  }
}

}  // namespace
}  // namespace streamit::auth
