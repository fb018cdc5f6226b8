// Issue #8 end to end through the real binary: rooms joined over real WebSockets, host
// authority, versioned playback fan-out, late join and reconnect snapshots, lifecycle events
// and bad input — on the embedded default (memory store + SQLite).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "hub_test_support.h"

namespace streamit::hub {
namespace {

using namespace std::chrono_literals;
using streamit::testing::WsClient;
using streamit::testing::WsMessage;
using testing::command;
using testing::Guest;
using testing::HubKernel;

std::string errorCodeOf(const Poco::JSON::Object::Ptr& event) {
  return event ? event->getObject("data")->getValue<std::string>("code") : "<none>";
}

std::uint64_t versionOf(const Poco::JSON::Object::Ptr& event) {
  return event->getObject("data")->getValue<std::uint64_t>("version");
}

class HubE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    kernel_ = std::make_unique<HubKernel>(
        "rooms:\n  grace_period_s: 2\n"
        "gateway:\n  presence_flush_ms: 50\n  heartbeat_interval_ms: 1000\n");
    ASSERT_TRUE(kernel_->start()) << kernel_->process().log();
    host_ = kernel_->signIn("Hana");
    viewer_ = kernel_->signIn("Vic");
    ASSERT_FALSE(host_.token.empty()) << kernel_->lastReply().body;
    ASSERT_FALSE(viewer_.token.empty()) << kernel_->lastReply().body;
    code_ = kernel_->createRoom(host_);
    ASSERT_FALSE(code_.empty()) << kernel_->lastReply().body;
  }

  // Joins and consumes the snapshot every join starts with.
  std::unique_ptr<WsClient> joinRoom(const Guest& guest,
                                     Poco::JSON::Object::Ptr* snapshot = nullptr) {
    auto client = kernel_->join(code_, guest);
    EXPECT_EQ(client->status(), 101) << client->body();
    auto first = client->receiveType("room.snapshot");
    EXPECT_TRUE(first) << "no snapshot";
    if (snapshot != nullptr)
      *snapshot = first;
    return client;
  }

  // Picks the fixture provider's title: version 1. Seeking needs a source.
  static void setSource(WsClient& host) {
    ASSERT_TRUE(host.sendText(
        command("playback.set_source", "src", R"({"provider":"provider.fixture","ref":"movie"})")));
    const auto ack = host.receiveType("ack");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->getValue<std::string>("re"), "src");
  }

  std::unique_ptr<HubKernel> kernel_;
  Guest host_;
  Guest viewer_;
  std::string code_;
};

TEST_F(HubE2E, HostCommandReachesEveryMemberAsTheFullVersionedState) {
  Poco::JSON::Object::Ptr hostSnapshot;
  auto host = joinRoom(host_, &hostSnapshot);
  const auto you = hostSnapshot->getObject("data")->getObject("you");
  EXPECT_TRUE(you->getValue<bool>("is_host"));
  EXPECT_EQ(hostSnapshot->getObject("data")->getValue<std::uint64_t>("version"), 0u);
  // The host's first connection makes the room LIVE.
  auto live = host->receiveType("room.state");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->getObject("data")->getValue<std::string>("state"), "LIVE");

  Poco::JSON::Object::Ptr viewerSnapshot;
  auto viewer = joinRoom(viewer_, &viewerSnapshot);
  EXPECT_FALSE(viewerSnapshot->getObject("data")->getObject("you")->getValue<bool>("is_host"));
  EXPECT_EQ(viewerSnapshot->getObject("data")->getObject("room")->getValue<std::string>("state"),
            "LIVE");

  setSource(*host);
  const auto sourced = viewer->receiveType("playback.state");
  ASSERT_TRUE(sourced);
  const auto source = sourced->getObject("data")->getObject("source");
  EXPECT_EQ(source->getValue<std::string>("provider"), "provider.fixture");
  EXPECT_EQ(source->getValue<std::string>("url"), "https://media.example/movie.m3u8");

  ASSERT_TRUE(host->sendText(command("playback.play", "c1", R"({"position_s":12.5})")));
  for (auto* client : {host.get(), viewer.get()}) {
    const auto state = client->receiveType("playback.state");
    ASSERT_TRUE(state);
    const auto data = state->getObject("data");
    EXPECT_EQ(data->getValue<std::uint64_t>("version"), 2u);
    EXPECT_EQ(data->getValue<std::string>("status"), "playing");
    EXPECT_DOUBLE_EQ(data->getValue<double>("position_s"), 12.5);
    // Scheduled slightly in the future so every client starts the same frame together.
    EXPECT_GT(data->getValue<std::int64_t>("ref_server_ms"),
              data->getValue<std::int64_t>("server_ms"));
  }
  const auto ack = host->receiveType("ack");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->getValue<std::string>("re"), "c1");
}

TEST_F(HubE2E, NonHostCommandsAreRefusedWithNotHostAndChangeNothing) {
  auto host = joinRoom(host_);
  auto viewer = joinRoom(viewer_);
  for (const auto& [type, data] : std::vector<std::pair<std::string, std::string>>{
           {"playback.play", "{}"},
           {"playback.pause", "{}"},
           {"playback.seek", R"({"position_s":5})"},
           {"playback.change_quality", R"({"quality":"720p"})"},
           {"playback.change_subtitle", R"({"subtitle":null})"},
           {"playback.set_source",
            R"({"provider":"provider.direct","ref":"https://x.example/a.mp4"})"}}) {
    ASSERT_TRUE(viewer->sendText(command(type, "n1", data)));
    const auto error = viewer->receiveType("error");
    EXPECT_EQ(errorCodeOf(error), "NOT_HOST") << type;
    EXPECT_EQ(error->getValue<std::string>("re"), "n1");
  }
  // Still version 0 for everyone.
  ASSERT_TRUE(viewer->sendText(command("room.resync", "r", "{}")));
  const auto snapshot = viewer->receiveType("room.snapshot");
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->getObject("data")->getValue<std::uint64_t>("version"), 0u);
  EXPECT_FALSE(host->receiveType("playback.state", 300ms));
}

TEST_F(HubE2E, TheHostOfAnotherRoomHasNoPrivilegeHere) {
  // T7 "token for room A used in room B": the viewer hosts a room of its own; in this room its
  // token still only makes it a member, because host privilege comes from the room record.
  const std::string otherRoom = kernel_->createRoom(viewer_);
  ASSERT_FALSE(otherRoom.empty());
  auto host = joinRoom(host_);
  Poco::JSON::Object::Ptr snapshot;
  auto intruder = joinRoom(viewer_, &snapshot);
  EXPECT_FALSE(snapshot->getObject("data")->getObject("you")->getValue<bool>("is_host"));
  ASSERT_TRUE(intruder->sendText(command("playback.change_quality", "q", R"({"quality":"720p"})")));
  EXPECT_EQ(errorCodeOf(intruder->receiveType("error")), "NOT_HOST");
  // Nor can it delete this room over REST.
  const auto reply = kernel_->request("DELETE", "/api/v1/rooms/" + code_, "", &viewer_);
  EXPECT_EQ(reply.status, 403) << reply.body;
  EXPECT_NE(reply.body.find("NOT_HOST"), std::string::npos) << reply.body;
  EXPECT_FALSE(host->receiveType("playback.state", 300ms));
}

TEST_F(HubE2E, StaleExpectedVersionGetsConflictWithTheCurrentState) {
  auto host = joinRoom(host_);
  setSource(*host);
  ASSERT_TRUE(host->sendText(command("playback.seek", "a", R"({"position_s":30})")));
  ASSERT_TRUE(host->receiveType("ack"));
  ASSERT_TRUE(host->sendText(command("playback.pause", "b", R"({"expected_version":1})")));
  const auto error = host->receiveType("error");
  ASSERT_EQ(errorCodeOf(error), "CONFLICT");
  const auto current = error->getObject("data")->getObject("details")->getObject("state");
  EXPECT_EQ(current->getValue<std::uint64_t>("version"), 2u);
  ASSERT_TRUE(host->sendText(command("playback.pause", "c", R"({"expected_version":2})")));
  const auto state = host->receiveType("playback.state");
  ASSERT_TRUE(state);
  EXPECT_EQ(versionOf(state), 3u);
}

TEST_F(HubE2E, LateJoinerAndReconnectGetTheCurrentStateInTheirSnapshot) {
  auto host = joinRoom(host_);
  setSource(*host);
  ASSERT_TRUE(host->sendText(command("playback.seek", "a", R"({"position_s":42})")));
  ASSERT_TRUE(host->sendText(command("playback.change_quality", "b", R"({"quality":"1080p"})")));
  ASSERT_TRUE(host->receiveType("ack"));
  ASSERT_TRUE(host->receiveType("ack"));

  Poco::JSON::Object::Ptr snapshot;
  auto late = joinRoom(viewer_, &snapshot);
  auto data = snapshot->getObject("data");
  EXPECT_EQ(data->getValue<std::uint64_t>("version"), 3u);
  EXPECT_DOUBLE_EQ(data->getObject("playback")->getValue<double>("position_s"), 42.0);
  EXPECT_EQ(data->getObject("playback")->getValue<std::string>("quality"), "1080p");
  EXPECT_GE(data->getObject("participants")->getValue<int>("count"), 2);

  late.reset();  // drop the socket without a close handshake
  ASSERT_TRUE(host->sendText(command("playback.play", "c", "{}")));
  ASSERT_TRUE(host->receiveType("ack"));
  auto again = joinRoom(viewer_, &snapshot);
  EXPECT_EQ(snapshot->getObject("data")->getValue<std::uint64_t>("version"), 4u);
  EXPECT_EQ(snapshot->getObject("data")->getObject("playback")->getValue<std::string>("status"),
            "playing");
}

TEST_F(HubE2E, AStartWaitsBoundedlyForBufferingMembers) {
  auto host = joinRoom(host_);
  auto viewer = joinRoom(viewer_);
  setSource(*host);
  const auto leadOf = [&](const std::string& id) {
    EXPECT_TRUE(host->sendText(command("playback.play", id, "{}")));
    const auto state = viewer->receiveType("playback.state");
    EXPECT_TRUE(state);
    const auto data = state->getObject("data");
    return data->getValue<std::int64_t>("ref_server_ms") -
           data->getValue<std::int64_t>("server_ms");
  };
  ASSERT_TRUE(viewer->receiveType("playback.state"));  // the source
  ASSERT_TRUE(viewer->sendText(
      command("playback.report", "r1", R"({"position_s":0,"buffering":true,"client_ms":1})")));
  ASSERT_TRUE(viewer->receiveType("ack"));
  // gateway.buffering_wait_ms (1500 by default) instead of the 300 ms lead.
  EXPECT_GE(leadOf("p1"), 1400);
  ASSERT_TRUE(host->sendText(command("playback.pause", "p2", "{}")));
  ASSERT_TRUE(viewer->receiveType("playback.state"));
  ASSERT_TRUE(viewer->sendText(
      command("playback.report", "r2", R"({"position_s":0,"buffering":false,"client_ms":2})")));
  ASSERT_TRUE(viewer->receiveType("ack"));
  EXPECT_LT(leadOf("p3"), 1000);
}

// SYNC.md "Scheduled transitions": lead = 2 × p90 one-way delay + 20 ms, within
// [playback_lead_min_ms 150, playback_lead_max_ms 1500]; one-way = half the ping round trip.
TEST_F(HubE2E, TheLeadFollowsTheMembersMeasuredDelays) {
  auto host = joinRoom(host_);  // answers pings at once: loopback round trips
  setSource(*host);
  const auto leadOf = [&](const std::string& id) {
    return testing::scheduledPlayLeadMs(*host, id);
  };
  // Only loopback members: 2 × ~0 + 20 is below the floor. (The state's server_ms is stamped
  // when it is encoded, a few ms at most after the instant the lead was added to.)
  const std::int64_t fast = leadOf("fast");
  EXPECT_LE(fast, 150);
  EXPECT_GE(fast, 140);

  // A member whose pongs come 400 ms late: one-way 200 ms → 2 × 200 + 20 = 420 ms. The p90 of
  // two members is the slower one.
  auto slow = kernel_->join(code_, viewer_);
  ASSERT_EQ(slow->status(), 101) << slow->body();
  slow->setPongDelay(400ms);
  ASSERT_TRUE(slow->receiveType("room.snapshot"));  // answers the open probe, 400 ms late
  std::int64_t lead = 0;
  for (int attempt = 0; attempt < 30 && lead < 400; ++attempt) {
    std::this_thread::sleep_for(50ms);  // the late pong is on its way to the server
    lead = leadOf("slow" + std::to_string(attempt));
  }
  EXPECT_GE(lead, 410);
  EXPECT_LE(lead, 520);  // 400 ms + scheduling noise, far below the 1500 ms cap
}

TEST_F(HubE2E, InvalidMessagesGetAnErrorAndTheConnectionStaysUsable) {
  auto viewer = joinRoom(viewer_);
  for (const std::string& bad : std::vector<std::string>{
           "not json", "[]", R"({"type":"playback.explode","data":{}})",
           R"({"type":"playback.seek","id":"x","data":{"position_s":"ten"}})",
           R"({"type":"playback.seek","data":{"position_s":1e300}})", std::string(20000, '[')}) {
    ASSERT_TRUE(viewer->sendText(bad));
    EXPECT_EQ(errorCodeOf(viewer->receiveType("error")), "INVALID_MESSAGE") << bad.substr(0, 60);
  }
  ASSERT_TRUE(viewer->sendText(command("time.ping", "p", R"({"t0":1234.5})")));
  const auto pong = viewer->receiveType("time.pong");
  ASSERT_TRUE(pong);
  const auto data = pong->getObject("data");
  EXPECT_DOUBLE_EQ(data->getValue<double>("t0"), 1234.5);
  EXPECT_LE(data->getValue<std::int64_t>("t1"), data->getValue<std::int64_t>("t2"));
}

TEST_F(HubE2E, MalformedFramesGetTheExactCloseCode) {
  auto unmasked = joinRoom(viewer_);
  ASSERT_TRUE(unmasked->sendFrame(0x81, "hello", /*masked=*/false));
  EXPECT_EQ(unmasked->awaitClose(), 1002);
  auto badUtf8 = joinRoom(viewer_);
  ASSERT_TRUE(badUtf8->sendFrame(0x81, "\xC3\x28"));
  EXPECT_EQ(badUtf8->awaitClose(), 1007);
  auto binary = joinRoom(viewer_);
  ASSERT_TRUE(binary->sendFrame(0x82, "bin"));
  EXPECT_EQ(binary->awaitClose(), 1003);
}

TEST_F(HubE2E, HostLossMeansGraceAndReturnMeansLiveWithVersionContinuity) {
  auto host = joinRoom(host_);
  auto viewer = joinRoom(viewer_);
  setSource(*host);
  ASSERT_TRUE(host->sendText(command("playback.seek", "a", R"({"position_s":7})")));
  ASSERT_TRUE(host->receiveType("ack"));
  host.reset();
  auto grace = viewer->receiveType("room.state");
  ASSERT_TRUE(grace);
  EXPECT_EQ(grace->getObject("data")->getValue<std::string>("state"), "GRACE");
  EXPECT_TRUE(grace->getObject("data")->has("grace_deadline_ms"));

  Poco::JSON::Object::Ptr snapshot;
  host = joinRoom(host_, &snapshot);
  EXPECT_EQ(snapshot->getObject("data")->getValue<std::uint64_t>("version"), 2u);
  auto live = viewer->receiveType("room.state");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->getObject("data")->getValue<std::string>("state"), "LIVE");
  ASSERT_TRUE(host->sendText(command("playback.pause", "b", "{}")));
  const auto state = viewer->receiveType("playback.state");
  ASSERT_TRUE(state);
  EXPECT_EQ(versionOf(state), 3u);
}

TEST_F(HubE2E, HostThatNeverReturnsExpiresTheRoomAndMembersAreClosed) {
  auto host = joinRoom(host_);
  auto viewer = joinRoom(viewer_);
  host.reset();
  ASSERT_TRUE(viewer->receiveType("room.state"));  // GRACE; chat and viewers stay connected
  const auto expired = viewer->receiveType("room.state", 8s);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->getObject("data")->getValue<std::string>("state"), "EXPIRED");
  EXPECT_EQ(viewer->awaitClose(), 4002);
  // An ended room cannot be joined.
  auto late = kernel_->join(code_, viewer_);
  EXPECT_EQ(late->status(), 410) << late->body();
}

TEST_F(HubE2E, DeletingTheRoomClosesMembersWithTheDocumentedCode) {
  auto host = joinRoom(host_);
  auto viewer = joinRoom(viewer_);
  const auto reply = kernel_->request("DELETE", "/api/v1/rooms/" + code_, "", &host_);
  ASSERT_EQ(reply.status, 204) << reply.body;
  const auto deleted = viewer->receiveType("room.state");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->getObject("data")->getValue<std::string>("state"), "DELETED");
  EXPECT_EQ(viewer->awaitClose(), 4001);
  EXPECT_EQ(host->awaitClose(), 4001);
  EXPECT_EQ(kernel_->join(code_, viewer_)->status(), 404);
}

TEST_F(HubE2E, HandshakeRefusalsAreHttpErrorsNeverHalfOpenSockets) {
  WsClient anonymous(kernel_->port(), "/api/v1/rooms/" + code_ + "/ws");
  EXPECT_EQ(anonymous.status(), 401) << anonymous.body();
  WsClient forged(kernel_->port(), "/api/v1/rooms/" + code_ + "/ws",
                  {{"Authorization", "Bearer not.a.token"}});
  EXPECT_EQ(forged.status(), 401);
  EXPECT_EQ(kernel_->join("ZZZZZZZZZZ", viewer_)->status(), 404);
  EXPECT_EQ(kernel_->join("bad code!", viewer_)->status(), 404);
}

TEST_F(HubE2E, PresenceIsBatchedAndCounted) {
  auto host = joinRoom(host_);
  std::vector<std::unique_ptr<WsClient>> viewers;
  viewers.reserve(20);
  for (int i = 0; i < 20; ++i)
    viewers.push_back(joinRoom(viewer_));
  // The host sees joins as batched participant.* events, never one message per viewer
  // beyond the list limit, and the count converges on 21.
  int lastCount = 0;
  int presenceEvents = 0;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (lastCount != 21 && std::chrono::steady_clock::now() < deadline) {
    const auto message = host->receive(1s);
    if (message.kind != WsMessage::Kind::kText)
      continue;
    const auto event = streamit::testing::parseJsonObject(message.text);
    const auto type = event->getValue<std::string>("type");
    if (type.rfind("participant.", 0) == 0) {
      ++presenceEvents;
      lastCount = event->getObject("data")->getValue<int>("count");
    }
  }
  EXPECT_EQ(lastCount, 21);
  EXPECT_LT(presenceEvents, 20) << "joins were not coalesced";
}

TEST_F(HubE2E, ManyViewersAllReceiveEveryCommandInOrder) {
  auto host = joinRoom(host_);
  std::vector<std::unique_ptr<WsClient>> viewers;
  viewers.reserve(100);
  for (int i = 0; i < 100; ++i)
    viewers.push_back(joinRoom(viewer_));
  setSource(*host);
  for (int n = 2; n <= 6; ++n) {
    ASSERT_TRUE(host->sendText(
        command("playback.seek", std::to_string(n), "{\"position_s\":" + std::to_string(n) + "}")));
  }
  for (auto& viewer : viewers) {
    for (std::uint64_t n = 1; n <= 6; ++n) {
      const auto state = viewer->receiveType("playback.state");
      ASSERT_TRUE(state);
      EXPECT_EQ(versionOf(state), n);
    }
  }
}

}  // namespace
}  // namespace streamit::hub
