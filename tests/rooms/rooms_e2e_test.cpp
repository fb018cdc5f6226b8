// Issue 5 end to end through the real binary: REST create/get/delete/list with guest tokens,
// and two kernels sharing Redis + PostgreSQL whose sweepers race to expire the same rooms —
// the audit log must show exactly one "room.expired" per room.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "realtime/store_fixture.h"
#include "storage/storage_factory.h"
#include "support/kernel_process.h"
#include "support/postgres_server.h"

namespace streamit::rooms {
namespace {

using namespace Poco::Data::Keywords;
using streamit::realtime::test::eventually;
using streamit::testing::HttpReply;
using streamit::testing::KernelProcess;
using streamit::testing::TempDir;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string errorCode(const HttpReply& reply) {
  try {
    return parse(reply.body)->getObject("error")->getValue<std::string>("code");
  } catch (const std::exception&) {
    return "<no error envelope: " + reply.body + ">";
  }
}

std::string pluginYaml(const std::string& dir) {
  return "plugins:\n  directories: [" + dir +
         "]\n  instances:\n"
         "    - {id: auth.guest, library: libauth_guest.so, required: true}\n";
}

class Client {
 public:
  explicit Client(int port) : port_(port) {}
  // Signs in as a new guest; returns the user id and keeps the token.
  std::string signIn(const std::string& name) {
    const auto reply = streamit::testing::httpRequest(port_, "POST", "/api/v1/auth/guest",
                                                      R"({"display_name":")" + name + R"("})",
                                                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    const auto body = parse(reply.body);
    token_ = body->getValue<std::string>("access_token");
    return body->getObject("user")->getValue<std::string>("id");
  }
  HttpReply call(const std::string& method, const std::string& path,
                 const std::string& body = {}) const {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!token_.empty())
      headers["Authorization"] = "Bearer " + token_;
    return streamit::testing::httpRequest(port_, method, path, body, headers);
  }
  void useTokenOf(const Client& other) { token_ = other.token_; }

 private:
  int port_;
  std::string token_;
};

class RoomsE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins::testing::installLibrary(STREAMIT_GUEST_PLUGIN_PATH, pluginDir_.path(),
                                     "libauth_guest.so");
  }
  TempDir pluginDir_{"streamit-rooms-plugins"};
};

TEST_F(RoomsE2E, CreateGetDeleteAndListOverRest) {
  KernelProcess kernel(pluginYaml(pluginDir_.path().string()));
  ASSERT_TRUE(kernel.start()) << kernel.log();
  Client host(kernel.port()), other(kernel.port()), anonymous(kernel.port());
  const std::string hostId = host.signIn("Hana");
  other.signIn("Olli");

  HttpReply reply = host.call("POST", "/api/v1/rooms",
                              R"({"title":"  Movie night  ","is_public":true,)"
                              R"("source":{"provider":"direct","ref":"https://x/y.mp4"}})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  const auto created = parse(reply.body);
  const auto code = created->getValue<std::string>("code");
  EXPECT_EQ(created->getValue<std::string>("title"), "Movie night");
  EXPECT_EQ(created->getObject("host")->getValue<std::string>("id"), hostId);
  EXPECT_EQ(created->getObject("host")->getValue<std::string>("display_name"), "Hana");
  EXPECT_EQ(created->getValue<std::string>("state"), "CREATED");
  EXPECT_TRUE(created->getValue<bool>("is_public"));
  EXPECT_TRUE(created->isNull("grace_deadline_ms"));
  EXPECT_EQ(created->getValue<std::int64_t>("viewer_count"), 0);
  EXPECT_EQ(created->getObject("source")->getValue<std::string>("provider"), "direct");

  reply = other.call("GET", "/api/v1/rooms/" + code);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(parse(reply.body)->getValue<std::string>("code"), code);
  // Codes are case-insensitive on input.
  std::string lower = code;
  for (char& ch : lower)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(other.call("GET", "/api/v1/rooms/" + lower).status, 200);
  reply = anonymous.call("GET", "/api/v1/rooms/" + code);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");
  for (const std::string bad : {"2222222222", "nope", "ABCDEFGHIJKLMNOP"}) {
    reply = other.call("GET", "/api/v1/rooms/" + bad);
    EXPECT_EQ(reply.status, 404) << bad;
    EXPECT_EQ(errorCode(reply), "ROOM_NOT_FOUND") << bad;
  }

  // Validation.
  for (const char* body :
       {R"({"title":"   "})", R"({"title":""})", R"({})", R"({"title":"x","source":"direct"})",
        R"({"title":"x","source":{"provider":"direct"}})"}) {
    reply = host.call("POST", "/api/v1/rooms", body);
    EXPECT_EQ(reply.status, 400) << body << " → " << reply.body;
    EXPECT_EQ(errorCode(reply), "VALIDATION_FAILED") << body;
  }
  reply = host.call("POST", "/api/v1/rooms", R"({"title":")" + std::string(121, 'a') + R"("})");
  EXPECT_EQ(errorCode(reply), "VALIDATION_FAILED");
  reply = host.call("POST", "/api/v1/rooms", R"({"title":")" + std::string(120, 'a') + R"("})");
  EXPECT_EQ(reply.status, 201) << reply.body;
  reply = anonymous.call("POST", "/api/v1/rooms", R"({"title":"x"})");
  EXPECT_EQ(errorCode(reply), "UNAUTHORIZED");

  // Public list: no auth; the new rooms are not LIVE yet, so they are not listed.
  reply = anonymous.call("GET", "/api/v1/rooms/public?page=1&page_size=5&sort=newest&q=movie");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto page = parse(reply.body);
  EXPECT_EQ(page->getValue<int>("page"), 1);
  EXPECT_EQ(page->getValue<int>("page_size"), 5);
  EXPECT_EQ(page->getValue<std::int64_t>("total"), 0);
  EXPECT_EQ(page->getArray("items")->size(), 0u);
  for (const char* query :
       {"?page=0", "?page_size=0", "?page_size=101", "?page=x", "?sort=popular"}) {
    reply = anonymous.call("GET", std::string("/api/v1/rooms/public") + query);
    EXPECT_EQ(reply.status, 400) << query;
    EXPECT_EQ(errorCode(reply), "VALIDATION_FAILED") << query;
  }

  // Delete: host only.
  reply = other.call("DELETE", "/api/v1/rooms/" + code);
  EXPECT_EQ(reply.status, 403) << reply.body;
  EXPECT_EQ(errorCode(reply), "NOT_HOST");
  reply = host.call("DELETE", "/api/v1/rooms/" + code);
  EXPECT_EQ(reply.status, 204) << reply.body;
  reply = host.call("GET", "/api/v1/rooms/" + code);
  EXPECT_EQ(errorCode(reply), "ROOM_NOT_FOUND");
  reply = host.call("DELETE", "/api/v1/rooms/" + code);
  EXPECT_EQ(errorCode(reply), "ROOM_NOT_FOUND");
  reply = host.call("DELETE", "/api/v1/rooms/2222222222");
  EXPECT_EQ(errorCode(reply), "ROOM_NOT_FOUND");
}

TEST_F(RoomsE2E, TwoKernelsExpireEachRoomExactlyOnce) {
  const auto shared = testing::sharedPostgresConfig();
  const std::string redisHost = testing::envOr("STREAMIT_TEST_REDIS_HOST");
  const std::string redisPort = testing::envOr("STREAMIT_TEST_REDIS_PORT");
  if (!shared || redisHost.empty() || redisPort.empty()) {
    if (testing::serversRequired())
      FAIL() << "STREAMIT_TEST_REQUIRE_SERVERS=1 but Redis/PostgreSQL are not configured";
    GTEST_SKIP() << "needs the shared Redis and PostgreSQL test servers";
  }
  testing::ScratchPostgresDatabase scratch(*shared);
  const auto& pg = scratch.config();
  const std::string yaml =
      pluginYaml(pluginDir_.path().string()) +
      "storage:\n  backend: postgres\n  postgres:\n    host: " + pg.host +
      "\n    port: " + std::to_string(pg.port) + "\n    database: " + pg.database +
      "\n    user: " + pg.user + "\n    password: \"" + pg.password +
      "\"\n    sslmode: disable\n"
      "realtime:\n  backend: redis\n  key_prefix: \"" +
      realtime::test::uniquePrefix() + "\"\n  redis:\n    host: " + redisHost +
      "\n    port: " + redisPort +
      "\n"
      "auth:\n  keys:\n    - {id: shared-1, secret: \"rooms-e2e-shared-secret-0123456789abcdef\","
      " use_for_signing: true}\n"
      "rooms:\n  unclaimed_timeout_s: 1\n  sweep_interval_ms: 50\n";
  KernelProcess a(yaml), b(yaml);
  ASSERT_TRUE(a.start()) << a.log();  // migrates the scratch database first
  ASSERT_TRUE(b.start()) << b.log();

  Client onA(a.port()), onB(b.port());
  onA.signIn("Hana");
  onB.useTokenOf(onA);  // one signing key: a token from A is valid on B
  std::vector<std::string> codes;
  for (int i = 0; i < 6; ++i) {
    const Client& creator = i % 2 == 0 ? onA : onB;
    const auto reply = creator.call("POST", "/api/v1/rooms", R"({"title":"r","is_public":true})");
    ASSERT_EQ(reply.status, 201) << reply.body;
    codes.push_back(parse(reply.body)->getValue<std::string>("code"));
  }
  // Both kernels see every room (shared database).
  for (const auto& code : codes)
    EXPECT_EQ(onB.call("GET", "/api/v1/rooms/" + code).status, 200);

  auto state = [](const Client& client, const std::string& code) {
    const auto reply = client.call("GET", "/api/v1/rooms/" + code);
    return reply.status == 200 ? parse(reply.body)->getValue<std::string>("state")
                               : std::to_string(reply.status);
  };
  for (const auto& code : codes) {
    EXPECT_TRUE(eventually([&] { return state(onA, code) == "EXPIRED"; }, std::chrono::seconds(10)))
        << code << " is " << state(onA, code);
    EXPECT_EQ(state(onB, code), "EXPIRED");
  }

  metrics::Registry registry;
  storage::StorageConfig config;
  config.backend = storage::StorageConfig::Backend::kPostgres;
  config.postgres = pg;
  const auto db = storage::openDatabase(config, "", registry);
  auto expiredRows = [&] {
    std::vector<std::string> subjects;
    db->withSession([&](Poco::Data::Session& session) {
      session << "SELECT subject FROM audit_log WHERE action = 'room.expired' ORDER BY subject",
          into(subjects), now;
    });
    return subjects;
  };
  EXPECT_TRUE(eventually([&] { return expiredRows().size() >= codes.size(); }));
  // Give a losing sweeper time to (wrongly) write a duplicate before counting.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::vector<std::string> expected = codes;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(expiredRows(), expected);
}

}  // namespace
}  // namespace streamit::rooms
