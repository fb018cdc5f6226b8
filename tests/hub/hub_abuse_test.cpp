// T2 (reduced for CI): seeded malformed frames and messages from many connections while a
// control room plays. Every bad peer gets its exact close code or an error per message, the
// control room receives every command in order, and the kernel keeps serving.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "hub_test_support.h"

namespace streamit::hub {
namespace {

using namespace std::chrono_literals;
using streamit::testing::WsClient;
using testing::command;
using testing::Guest;
using testing::HubKernel;

struct FatalCase {
  const char* name;
  std::uint16_t close_code;
  std::function<void(WsClient&)> send;
};

std::vector<FatalCase> fatalCases() {
  return {
      {"unmasked", 1002, [](WsClient& c) { c.sendFrame(0x81, "hi", /*masked=*/false); }},
      {"invalid utf-8", 1007, [](WsClient& c) { c.sendFrame(0x81, "\xF0\x28\x8C\x28"); }},
      {"reserved opcode", 1002, [](WsClient& c) { c.sendFrame(0x83, "x"); }},
      {"rsv bit", 1002, [](WsClient& c) { c.sendFrame(0xC1, "x"); }},
      {"too big", 1009, [](WsClient& c) { c.sendFrame(0x81, std::string(70000, 'a')); }},
      {"binary", 1003, [](WsClient& c) { c.sendFrame(0x82, "bin"); }},
      {"fragmented ping", 1002, [](WsClient& c) { c.sendFrame(0x09, "p"); }},
      {"orphan continuation", 1002, [](WsClient& c) { c.sendFrame(0x80, "x"); }},
  };
}

std::string garbageMessage(std::mt19937& random) {
  static const std::vector<std::string> shapes = {
      "{",
      "null",
      "[1,2]",
      R"({"type":7})",
      R"({"type":"playback.seek"})",
      R"({"type":"playback.seek","data":{"position_s":-1}})",
      R"({"type":"nope.nope","data":{}})",
      R"({"type":"time.ping","data":{"t0":"x"}})",
      R"({"type":"chat.send","data":{"text":""}})",
      R"({"type":"room.resync","data":{"extra":1}})"};
  std::string text = shapes[random() % shapes.size()];
  if (random() % 3 == 0)
    text += std::string(random() % 50, ' ');
  return text;
}

TEST(HubAbuse, MalformedFloodNeverReachesTheControlRoom) {
  HubKernel kernel("gateway:\n  message_rate_per_s: 1000\n  message_burst: 1000\n");
  ASSERT_TRUE(kernel.start()) << kernel.process().log();
  const Guest host = kernel.signIn("Hana");
  const Guest viewer = kernel.signIn("Vic");
  const Guest attacker = kernel.signIn("Mallory");
  const std::string control = kernel.createRoom(host);
  const std::string target = kernel.createRoom(attacker);
  ASSERT_FALSE(control.empty());
  ASSERT_FALSE(target.empty());

  auto hostSocket = kernel.join(control, host);
  auto viewerSocket = kernel.join(control, viewer);
  ASSERT_TRUE(hostSocket->receiveType("room.snapshot"));
  ASSERT_TRUE(viewerSocket->receiveType("room.snapshot"));
  ASSERT_TRUE(hostSocket->sendText(
      command("playback.set_source", "s", R"({"provider":"provider.fixture","ref":"m"})")));

  std::mt19937 random(20261124);
  const auto cases = fatalCases();
  std::vector<std::unique_ptr<WsClient>> fatal;
  std::vector<std::uint16_t> expected;
  std::vector<std::unique_ptr<WsClient>> chatty;
  for (int i = 0; i < 40; ++i) {
    auto socket = kernel.join(target, attacker);
    ASSERT_EQ(socket->status(), 101);
    ASSERT_TRUE(socket->receiveType("room.snapshot"));
    if (i % 2 == 0) {
      const auto& bad = cases[random() % cases.size()];
      bad.send(*socket);
      expected.push_back(bad.close_code);
      fatal.push_back(std::move(socket));
    } else {
      chatty.push_back(std::move(socket));
    }
  }
  // Meanwhile the control room plays on.
  constexpr int kCommands = 20;
  std::thread player([&] {
    for (int n = 0; n < kCommands; ++n) {
      hostSocket->sendText(command("playback.seek", std::to_string(n),
                                   "{\"position_s\":" + std::to_string(n) + "}"));
      std::this_thread::sleep_for(10ms);
    }
  });
  constexpr int kPerConnection = 50;
  for (auto& socket : chatty) {
    for (int k = 0; k < kPerConnection; ++k)
      ASSERT_TRUE(socket->sendText(garbageMessage(random)));
  }
  for (std::size_t i = 0; i < fatal.size(); ++i)
    EXPECT_EQ(fatal[i]->awaitClose(), expected[i]) << "connection " << i;
  for (auto& socket : chatty) {
    int errors = 0;
    while (errors < kPerConnection) {
      const auto event = socket->receiveType("error", 5s);
      if (!event)
        break;
      EXPECT_EQ(event->getObject("data")->getValue<std::string>("code"), "INVALID_MESSAGE");
      ++errors;
    }
    EXPECT_EQ(errors, kPerConnection);  // one error per bad message, none lost, none extra
  }
  player.join();
  // Version 1 is the source; then every seek, in order, none lost.
  for (std::uint64_t version = 1; version <= kCommands + 1; ++version) {
    const auto state = viewerSocket->receiveType("playback.state");
    ASSERT_TRUE(state) << "version " << version;
    EXPECT_EQ(state->getObject("data")->getValue<std::uint64_t>("version"), version);
  }
  EXPECT_EQ(kernel.process().get("/healthz").status, 200);
}

}  // namespace
}  // namespace streamit::hub
