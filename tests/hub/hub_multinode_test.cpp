// Issue #8 across nodes and through a realtime-store loss, with the real binary:
// - T11: two kernels sharing Redis + PostgreSQL; the host on node A, a viewer on node B —
//   playback, presence and lifecycle events cross over the room bus;
// - T4/I5: Redis restarted empty under a live room — the room is rebuilt from its durable
//   snapshot under a NEW epoch and every member gets a full snapshot.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "hub_test_support.h"
#include "realtime/store_fixture.h"
#include "support/postgres_server.h"
#include "support/redis_server.h"

namespace streamit::hub {
namespace {

using namespace std::chrono_literals;
using streamit::testing::WsClient;
using testing::command;
using testing::Guest;
using testing::HubKernel;

const std::string kSharedKey =
    "auth:\n  keys:\n    - {id: shared-1, secret: \"hub-multinode-shared-secret-0123456789abcdef\","
    " use_for_signing: true}\n";

std::string redisYaml(const std::string& host, const std::string& port, const std::string& prefix) {
  return "realtime:\n  backend: redis\n  key_prefix: \"" + prefix +
         "\"\n  redis:\n    host: " + host + "\n    port: " + port + "\n";
}

std::unique_ptr<WsClient> joined(HubKernel& kernel, const std::string& code, const Guest& guest) {
  auto client = kernel.join(code, guest);
  EXPECT_EQ(client->status(), 101) << client->body();
  EXPECT_TRUE(client->receiveType("room.snapshot"));
  return client;
}

TEST(HubMultiNode, EventsCrossNodesOverTheRoomBus) {
  const auto shared = streamit::testing::sharedPostgresConfig();
  const std::string redisHost = streamit::testing::envOr("STREAMIT_TEST_REDIS_HOST");
  const std::string redisPort = streamit::testing::envOr("STREAMIT_TEST_REDIS_PORT");
  if (!shared || redisHost.empty() || redisPort.empty()) {
    if (streamit::testing::serversRequired())
      FAIL() << "STREAMIT_TEST_REQUIRE_SERVERS=1 but Redis/PostgreSQL are not configured";
    GTEST_SKIP() << "needs the shared Redis and PostgreSQL test servers";
  }
  streamit::testing::ScratchPostgresDatabase scratch(*shared);
  const auto& pg = scratch.config();
  const std::string yaml =
      "storage:\n  backend: postgres\n  postgres:\n    host: " + pg.host +
      "\n    port: " + std::to_string(pg.port) + "\n    database: " + pg.database +
      "\n    user: " + pg.user + "\n    password: \"" + pg.password + "\"\n    sslmode: disable\n" +
      redisYaml(redisHost, redisPort, realtime::test::uniquePrefix()) + kSharedKey +
      "rooms:\n  grace_period_s: 30\ngateway:\n  presence_flush_ms: 50\n";
  HubKernel a(yaml), b(yaml);
  ASSERT_TRUE(a.start()) << a.process().log();
  ASSERT_TRUE(b.start()) << b.process().log();

  const Guest hostGuest = a.signIn("Hana");
  const Guest viewerGuest = b.signIn("Vic");
  const std::string code = a.createRoom(hostGuest);
  ASSERT_FALSE(code.empty()) << a.lastReply().body;

  auto host = joined(a, code, hostGuest);
  auto viewer = joined(b, code, viewerGuest);  // node B has never seen this room
  auto far = joined(b, code, viewerGuest);

  ASSERT_TRUE(host->sendText(
      command("playback.set_source", "s", R"({"provider":"provider.fixture","ref":"movie"})")));
  ASSERT_TRUE(host->sendText(command("playback.play", "p", R"({"position_s":3})")));
  for (auto* client : {viewer.get(), far.get()}) {
    for (std::uint64_t version = 1; version <= 2; ++version) {
      const auto state = client->receiveType("playback.state");
      ASSERT_TRUE(state) << "version " << version;
      EXPECT_EQ(state->getObject("data")->getValue<std::uint64_t>("version"), version);
    }
  }

  // Presence from node B reaches the host on node A; the count is the room's, not the node's.
  int count = 0;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (count != 3 && std::chrono::steady_clock::now() < deadline) {
    const auto message = host->receive(1s);
    const auto event = streamit::testing::parseJsonObject(message.text);
    if (event && event->getValue<std::string>("type").rfind("participant.", 0) == 0)
      count = event->getObject("data")->getValue<int>("count");
  }
  EXPECT_EQ(count, 3);

  // A non-host on node B changes nothing anywhere.
  ASSERT_TRUE(viewer->sendText(command("playback.pause", "x", "{}")));
  const auto refused = viewer->receiveType("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->getObject("data")->getValue<std::string>("code"), "NOT_HOST");
  EXPECT_FALSE(host->receiveType("playback.state", 300ms));

  // Host lost on node A → GRACE for the viewers on node B; deleting on A closes them on B.
  host.reset();
  const auto grace = viewer->receiveType("room.state");
  ASSERT_TRUE(grace);
  EXPECT_EQ(grace->getObject("data")->getValue<std::string>("state"), "GRACE");
  const auto reply = a.request("DELETE", "/api/v1/rooms/" + code, "", &hostGuest);
  ASSERT_EQ(reply.status, 204) << reply.body;
  EXPECT_EQ(viewer->awaitClose(), 4001);
  EXPECT_EQ(far->awaitClose(), 4001);
}

TEST(HubMultiNode, RedisLossRebuildsTheRoomUnderANewEpoch) {
  if (!streamit::testing::RedisServer::available()) {
    if (streamit::testing::serversRequired())
      FAIL() << "redis-server is required";
    GTEST_SKIP() << "redis-server not installed";
  }
  streamit::testing::RedisServer redis;
  redis.start();
  HubKernel kernel(redisYaml(redis.host(), std::to_string(redis.port()), "rebuild:"));
  ASSERT_TRUE(kernel.start()) << kernel.process().log();
  const Guest hostGuest = kernel.signIn("Hana");
  const Guest viewerGuest = kernel.signIn("Vic");
  const std::string code = kernel.createRoom(hostGuest);
  ASSERT_FALSE(code.empty());
  auto host = joined(kernel, code, hostGuest);
  auto viewer = joined(kernel, code, viewerGuest);
  ASSERT_TRUE(host->sendText(
      command("playback.set_source", "s", R"({"provider":"provider.fixture","ref":"movie"})")));
  ASSERT_TRUE(host->sendText(command("playback.seek", "k", R"({"position_s":77})")));
  ASSERT_TRUE(host->receiveType("ack"));
  ASSERT_TRUE(host->receiveType("ack"));
  std::this_thread::sleep_for(300ms);  // the write-behind snapshot reaches SQLite

  redis.restart();  // no persistence: every key is gone

  // The subscriber reconnects, the hub finds the state missing and rebuilds it: every member
  // gets a full snapshot under epoch 2 that keeps the host's last position.
  for (auto* client : {host.get(), viewer.get()}) {
    const auto snapshot = client->receiveType("room.snapshot", 15s);
    ASSERT_TRUE(snapshot) << kernel.process().log();
    const auto data = snapshot->getObject("data");
    EXPECT_EQ(data->getValue<std::uint64_t>("epoch"), 2u);
    EXPECT_DOUBLE_EQ(data->getObject("playback")->getValue<double>("position_s"), 77.0);
  }
  // Commands work again in the new epoch.
  ASSERT_TRUE(host->sendText(command("playback.pause", "z", "{}")));
  const auto state = viewer->receiveType("playback.state");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->getObject("data")->getValue<std::uint64_t>("epoch"), 2u);
  EXPECT_EQ(state->getObject("data")->getValue<std::uint64_t>("version"), 1u);
}

}  // namespace
}  // namespace streamit::hub
