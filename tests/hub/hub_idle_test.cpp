// TEST-PLAN T10 through the real binary: a room left idle for five minutes keeps every live
// member (no spurious disconnect, no lifecycle change), while a peer that goes silent is closed
// by the heartbeat within two intervals (+ one tick) and leaves the room's presence.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "hub_test_support.h"
#include "support/process.h"

namespace streamit::hub {
namespace {

using namespace std::chrono_literals;
using streamit::testing::WsClient;
using streamit::testing::WsMessage;
using testing::command;
using testing::Guest;
using testing::HubKernel;

// 2 s rather than 1 s: the live members answer pings only while this test polls them, and on a
// loaded 2-core machine the process can be descheduled for more than 1.5 s (seen in CI runs).
constexpr auto kHeartbeat = 2s;

// STREAMIT_IDLE_TEST_S shortens the idle period for local runs; CI uses the plan's 5 minutes.
std::chrono::seconds idlePeriod() {
  const std::string value = streamit::testing::envOr("STREAMIT_IDLE_TEST_S", "300");
  return std::chrono::seconds(std::stoi(value));
}

std::string typeOf(const std::string& text) {
  const auto at = text.find(R"("type":")");
  if (at == std::string::npos)
    return {};
  const auto start = at + 8;
  return text.substr(start, text.find('"', start) - start);
}

TEST(HubIdle, AnIdleRoomKeepsItsMembersAndDropsOnlyTheSilentPeer) {
  HubKernel kernel("gateway:\n  heartbeat_interval_ms: " +
                   std::to_string(std::chrono::milliseconds(kHeartbeat).count()) +
                   "\n  presence_flush_ms: 50\n");
  ASSERT_TRUE(kernel.start()) << kernel.process().log();
  const Guest hostGuest = kernel.signIn("Hana");
  const std::string code = kernel.createRoom(hostGuest);
  ASSERT_FALSE(code.empty()) << kernel.lastReply().body;

  std::vector<std::unique_ptr<WsClient>> live;
  const auto joinAs = [&](const Guest& guest) {
    auto client = kernel.join(code, guest);
    EXPECT_EQ(client->status(), 101) << client->body();
    EXPECT_TRUE(client->receiveType("room.snapshot"));
    return client;
  };
  live.push_back(joinAs(hostGuest));
  for (int i = 0; i < 6; ++i) {
    const Guest viewer = kernel.signIn("Viewer" + std::to_string(i));
    ASSERT_FALSE(viewer.token.empty()) << kernel.lastReply().body;
    live.push_back(joinAs(viewer));
  }
  WsClient& host = *live.front();
  ASSERT_TRUE(host.sendText(
      command("playback.set_source", "src", R"({"provider":"provider.fixture","ref":"movie"})")));
  ASSERT_TRUE(host.receiveType("ack"));

  // The silent peer: joins, then never reads or answers again (a laptop lid closed).
  const Guest sleeperGuest = kernel.signIn("Sleeper");
  auto sleeper = joinAs(sleeperGuest);
  const auto silentSince = std::chrono::steady_clock::now();

  // Every live member answers pings as they come (WsClient does so while receiving) and
  // records anything that ends its connection or changes the room's lifecycle.
  std::vector<std::string> problems;
  std::chrono::steady_clock::duration sleeperGoneAfter{};
  const auto end = silentSince + idlePeriod();
  while (std::chrono::steady_clock::now() < end) {
    for (std::size_t i = 0; i < live.size(); ++i) {
      const WsMessage message = live[i]->receive(20ms);
      if (message.kind == WsMessage::Kind::kClose ||
          message.kind == WsMessage::Kind::kDisconnected) {
        problems.push_back("member " + std::to_string(i) + " lost its connection (" +
                           std::to_string(message.close_code) + ")");
      } else if (message.kind == WsMessage::Kind::kText) {
        const std::string type = typeOf(message.text);
        if (type == "room.state")
          problems.push_back("member " + std::to_string(i) + " saw " + message.text);
        if (i == 0 && type == "participant.left" && sleeperGoneAfter.count() == 0)
          sleeperGoneAfter = std::chrono::steady_clock::now() - silentSince;
      }
    }
    if (problems.size() > 10)
      break;
  }
  EXPECT_TRUE(problems.empty()) << problems.front();

  // Closed within 2 heartbeat intervals of its last byte (+ the presence batch window and this
  // loop's polling slack).
  const auto goneMs = std::chrono::duration_cast<std::chrono::milliseconds>(sleeperGoneAfter);
  RecordProperty("silent_peer_left_after_ms", static_cast<int>(goneMs.count()));
  EXPECT_GT(sleeperGoneAfter.count(), 0) << "the silent peer never left the room";
  EXPECT_LE(sleeperGoneAfter, 2 * kHeartbeat + 500ms);
  EXPECT_EQ(sleeper->awaitClose(5s), std::optional<std::uint16_t>(1011));

  // After the idle period every live member still follows the host.
  ASSERT_TRUE(host.sendText(command("playback.seek", "after", R"({"position_s":42})")));
  for (std::size_t i = 0; i < live.size(); ++i) {
    const auto state = live[i]->receiveType("playback.state");
    ASSERT_TRUE(state) << "member " << i;
    EXPECT_DOUBLE_EQ(state->getObject("data")->getValue<double>("position_s"), 42.0);
  }
}

}  // namespace
}  // namespace streamit::hub
