// T7 (token rows) against the real binary: every forged, stale, misdirected, wrong-type,
// under-scoped or revoked token is refused on a protected REST endpoint with its documented
// code, and none of them changes state. The kernel's key is inline in its config, so the test
// can mint tokens that are correctly signed but wrong in exactly one way.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "auth/authorizer.h"
#include "auth/jwt_codec.h"
#include "auth/token_service.h"
#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "storage/storage_factory.h"
#include "support/kernel_process.h"

namespace streamit::auth {
namespace {

using streamit::testing::HttpReply;
using streamit::testing::KernelProcess;
using streamit::testing::TempDir;

constexpr const char* kKeyId = "matrix-1";
constexpr const char* kSecret = "privilege-matrix-secret-0123456789abcdef0123";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string errorCode(const HttpReply& reply) {
  try {
    return parse(reply.body)->getObject("error")->getValue<std::string>("code");
  } catch (const std::exception&) {
    return "<no error envelope: " + reply.body + ">";
  }
}

Principal guest(std::vector<std::string> scopes) {
  return Principal{"guest:5b1f2c7e-9d3a-4e6b-8f01-2a3b4c5d6e7f", "Mallory", UserKind::kGuest,
                   std::move(scopes)};
}

const std::vector<std::string> kAllGuestScopes = {"room:create", "room:join", "chat:send"};

class PrivilegeMatrixE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins::testing::installLibrary(STREAMIT_GUEST_PLUGIN_PATH, pluginDir_.path(),
                                     "libauth_guest.so");
    kernel_ = std::make_unique<KernelProcess>(
        std::string("auth:\n  keys:\n    - {id: ") + kKeyId + ", secret: \"" + kSecret +
        "\", use_for_signing: true}\n"
        "plugins:\n  directories: [" +
        pluginDir_.path().string() +
        "]\n  instances:\n"
        "    - {id: auth.guest, library: libauth_guest.so, required: true}\n");
    ASSERT_TRUE(kernel_->start()) << kernel_->log();
  }

  HttpReply createRoom(const std::string& authorization) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!authorization.empty())
      headers["Authorization"] = authorization;
    return streamit::testing::httpRequest(kernel_->port(), "POST", "/api/v1/rooms",
                                          R"({"title":"Escalation","is_public":true})", headers);
  }
  // Rooms in the kernel's database (its SQLite file, read beside the running kernel).
  std::int64_t roomCount() {
    storage::StorageConfig config;
    config.backend = storage::StorageConfig::Backend::kSqlite;
    config.sqlite.path = "streamit.db";
    config.pool_size = 1;
    metrics::Registry metrics;
    const auto db = storage::openDatabase(config, (kernel_->dir() / "data").string(), metrics);
    Poco::Int64 count = -1;
    db->withSession([&](Poco::Data::Session& session) {
      session << "SELECT COUNT(*) FROM rooms", Poco::Data::Keywords::into(count),
          Poco::Data::Keywords::now;
    });
    return count;
  }
  // A token signed by the kernel's key under `policy`.
  static std::string signedWith(const TokenPolicy& policy, const Principal& p, TokenType type,
                                std::int64_t nowS) {
    const TokenService service(TokenKeys({{kKeyId, kSecret, true}}), policy);
    return service.issue(p, type, nowS).token;
  }
  // A valid access token re-signed with `alg` (or unsigned for "none").
  static std::string withAlgorithm(const std::string& alg) {
    Poco::JWT::Token token;
    token.setType("JWT");
    token.header().set("kid", std::string(kKeyId));
    const std::int64_t now = systemNowS();
    auto& payload = token.payload();
    payload.set("typ", std::string("access"));
    payload.set("jti", std::string("4f6c2a9e-1b3d-4c5e-8f70-9a1b2c3d4e5f"));
    payload.set("sub", guest(kAllGuestScopes).subject);
    payload.set("iss", std::string("streamit"));
    payload.set("aud", std::string("streamit-api"));
    payload.set("iat", static_cast<Poco::Int64>(now));
    payload.set("nbf", static_cast<Poco::Int64>(now));
    payload.set("exp", static_cast<Poco::Int64>(now + 600));
    payload.set("scope", std::string("room:create room:join chat:send admin"));
    payload.set("name", std::string("Mallory"));
    if (alg == "none") {
      const std::string header =
          R"({"alg":"none","typ":"JWT","kid":")" + std::string(kKeyId) + "\"}";
      std::ostringstream body;
      payload.stringify(body);
      return base64UrlEncode(header) + "." + base64UrlEncode(body.str()) + ".";
    }
    Poco::JWT::Signer signer(kSecret);
    signer.addAlgorithm(alg);
    return signer.sign(token, alg);
  }

  TempDir pluginDir_{"streamit-auth-matrix-plugins"};
  std::unique_ptr<KernelProcess> kernel_;
};

TEST_F(PrivilegeMatrixE2E, EveryBadTokenIsRefusedWithItsCodeAndChangesNothing) {
  const std::int64_t now = systemNowS();
  const TokenPolicy normal;
  TokenPolicy otherAudience;
  otherAudience.audience = "another-api";
  TokenPolicy otherIssuer;
  otherIssuer.issuer = "someone-else";
  const TokenService forger(
      TokenKeys({{kKeyId, "not-the-kernels-secret-0123456789abcdef0123", true}}), normal);
  const TokenService unknownKid(TokenKeys({{"matrix-2", kSecret, true}}), normal);

  // A revoked token: a real guest sign-in, then logout.
  const HttpReply signIn = streamit::testing::httpRequest(
      kernel_->port(), "POST", "/api/v1/auth/guest", R"({"display_name":"Ann"})",
      {{"Content-Type", "application/json"}});
  ASSERT_EQ(signIn.status, 200) << signIn.body;
  const std::string revoked = parse(signIn.body)->getValue<std::string>("access_token");
  ASSERT_EQ(streamit::testing::httpRequest(kernel_->port(), "POST", "/api/v1/auth/logout", "",
                                           {{"Authorization", "Bearer " + revoked}})
                .status,
            204);

  struct Row {
    std::string name;
    std::string authorization;
    int status;
    std::string code;
  };
  const std::vector<Row> rows = {
      {"no credentials", "", 401, "UNAUTHORIZED"},
      {"not a bearer header", "Basic dXNlcjpwYXNz", 401, "UNAUTHORIZED"},
      {"garbage", "Bearer not-a-jwt", 401, "UNAUTHORIZED"},
      {"forged signature",
       "Bearer " + forger.issue(guest(kAllGuestScopes), TokenType::kAccess, now).token, 401,
       "UNAUTHORIZED"},
      {"unknown kid",
       "Bearer " + unknownKid.issue(guest(kAllGuestScopes), TokenType::kAccess, now).token, 401,
       "UNAUTHORIZED"},
      {"alg none", "Bearer " + withAlgorithm("none"), 401, "UNAUTHORIZED"},
      {"wrong algorithm HS384", "Bearer " + withAlgorithm("HS384"), 401, "UNAUTHORIZED"},
      {"wrong algorithm HS512", "Bearer " + withAlgorithm("HS512"), 401, "UNAUTHORIZED"},
      {"expired",
       "Bearer " + signedWith(normal, guest(kAllGuestScopes), TokenType::kAccess, now - 7200), 401,
       "TOKEN_EXPIRED"},
      {"nbf in the future",
       "Bearer " + signedWith(normal, guest(kAllGuestScopes), TokenType::kAccess, now + 3600), 401,
       "UNAUTHORIZED"},
      {"wrong audience",
       "Bearer " + signedWith(otherAudience, guest(kAllGuestScopes), TokenType::kAccess, now), 401,
       "UNAUTHORIZED"},
      {"wrong issuer",
       "Bearer " + signedWith(otherIssuer, guest(kAllGuestScopes), TokenType::kAccess, now), 401,
       "UNAUTHORIZED"},
      {"refresh token as access token",
       "Bearer " + signedWith(normal, guest(kAllGuestScopes), TokenType::kRefresh, now), 401,
       "UNAUTHORIZED"},
      {"revoked", "Bearer " + revoked, 401, "UNAUTHORIZED"},
      {"missing scope",
       "Bearer " + signedWith(normal, guest({"room:join", "chat:send"}), TokenType::kAccess, now),
       403, "FORBIDDEN"},
  };
  for (const Row& row : rows) {
    const HttpReply reply = createRoom(row.authorization);
    EXPECT_EQ(reply.status, row.status) << row.name << ": " << reply.body;
    EXPECT_EQ(errorCode(reply), row.code) << row.name;
  }
  EXPECT_EQ(roomCount(), 0);  // zero state change

  // The same request with a good token does change state: the check above could fail.
  const HttpReply ok =
      createRoom("Bearer " + signedWith(normal, guest(kAllGuestScopes), TokenType::kAccess, now));
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(roomCount(), 1);
}

}  // namespace
}  // namespace streamit::auth
