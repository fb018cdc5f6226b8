// T3 (reduced for CI): many clients in several rooms, every viewer socket cut at once, three
// times, while the hosts keep commanding. Every reconnect is accepted, every member resyncs to
// its host's latest version from the snapshot, and no client ever sees a version go backwards
// (I1) or a state its host did not cause (I4: only hosts send commands here).
#include <gtest/gtest.h>

#include <map>

#include "hub_test_support.h"

namespace streamit::hub {
namespace {

using namespace std::chrono_literals;
using streamit::testing::WsClient;
using testing::command;
using testing::Guest;
using testing::HubKernel;

constexpr int kRooms = 5;
constexpr int kViewersPerRoom = 40;
constexpr int kStorms = 3;

struct Room {
  std::string code;
  std::unique_ptr<WsClient> host;
  std::vector<std::unique_ptr<WsClient>> viewers;
  std::uint64_t version = 0;  // the host's latest acknowledged version
};

std::uint64_t snapshotVersion(WsClient& client) {
  const auto snapshot = client.receiveType("room.snapshot");
  return snapshot ? snapshot->getObject("data")->getValue<std::uint64_t>("version") : 0;
}

TEST(HubReconnect, StormsOfCutSocketsAllResyncToTheHostsState) {
  HubKernel kernel("gateway:\n  message_rate_per_s: 1000\n  message_burst: 1000\n");
  ASSERT_TRUE(kernel.start()) << kernel.process().log();
  const Guest viewer = kernel.signIn("Vic");
  std::vector<Room> rooms(kRooms);
  for (int r = 0; r < kRooms; ++r) {
    const Guest host = kernel.signIn("Host" + std::to_string(r));
    rooms[r].code = kernel.createRoom(host);
    ASSERT_FALSE(rooms[r].code.empty()) << kernel.lastReply().body;
    rooms[r].host = kernel.join(rooms[r].code, host);
    ASSERT_EQ(snapshotVersion(*rooms[r].host), 0u);
    ASSERT_TRUE(rooms[r].host->sendText(
        command("playback.set_source", "s", R"({"provider":"provider.fixture","ref":"m"})")));
    ASSERT_TRUE(rooms[r].host->receiveType("ack"));
    rooms[r].version = 1;
  }
  int refused = 0;
  for (int storm = 0; storm <= kStorms; ++storm) {
    // (Re)connect every viewer; each snapshot must carry its host's latest version.
    for (auto& room : rooms) {
      room.viewers.clear();  // storm: every socket cut at once, no close handshake
      for (int v = 0; v < kViewersPerRoom; ++v) {
        auto client = kernel.join(room.code, viewer);
        if (client->status() != 101) {
          ++refused;
          continue;
        }
        EXPECT_EQ(snapshotVersion(*client), room.version) << room.code;
        room.viewers.push_back(std::move(client));
      }
    }
    // The hosts command; every viewer follows, in order.
    for (auto& room : rooms) {
      for (int n = 0; n < 3; ++n) {
        ASSERT_TRUE(room.host->sendText(command(
            "playback.seek", "k", "{\"position_s\":" + std::to_string(storm * 10 + n) + "}")));
        ASSERT_TRUE(room.host->receiveType("ack"));
        ++room.version;
      }
    }
    for (auto& room : rooms) {
      for (auto& client : room.viewers) {
        std::uint64_t last = room.version - 3;
        for (int n = 0; n < 3; ++n) {
          const auto state = client->receiveType("playback.state");
          ASSERT_TRUE(state);
          const auto version = state->getObject("data")->getValue<std::uint64_t>("version");
          EXPECT_GT(version, last) << "I1: a version went backwards";
          last = version;
        }
        EXPECT_EQ(last, room.version);
      }
    }
  }
  EXPECT_EQ(refused, 0);
  EXPECT_EQ(kernel.process().get("/healthz").status, 200);
}

}  // namespace
}  // namespace streamit::hub
