// Issue #6 end to end through the real binary: chat in batches, history and snapshots, the
// per-user limit under a flood beside a playing host (T8), host controls, chat during GRACE.
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

std::string chatSend(const std::string& id, const std::string& text) {
  return command("chat.send", id, "{\"text\":\"" + text + "\"}");
}

std::string codeOf(const Poco::JSON::Object::Ptr& error) {
  return error ? error->getObject("data")->getValue<std::string>("code") : "<none>";
}

// Texts of every chat.messages batch until `count` messages were seen (or the timeout).
std::vector<std::string> chatTexts(WsClient& client, std::size_t count,
                                   std::chrono::milliseconds timeout = 5s) {
  std::vector<std::string> texts;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (texts.size() < count && std::chrono::steady_clock::now() < deadline) {
    const auto batch = client.receiveType("chat.messages", 1s);
    if (!batch)
      continue;
    const auto messages = batch->getObject("data")->getArray("messages");
    for (std::size_t i = 0; i < messages->size(); ++i)
      texts.push_back(messages->getObject(static_cast<unsigned>(i))->getValue<std::string>("text"));
  }
  return texts;
}

class HubChat : public ::testing::Test {
 protected:
  void start(const std::string& yaml) {
    kernel_ = std::make_unique<HubKernel>(yaml);
    ASSERT_TRUE(kernel_->start()) << kernel_->process().log();
    host_ = kernel_->signIn("Hana");
    viewer_ = kernel_->signIn("Vic");
    other_ = kernel_->signIn("Olga");
    code_ = kernel_->createRoom(host_);
    ASSERT_FALSE(code_.empty());
  }
  std::unique_ptr<WsClient> join(const Guest& guest, Poco::JSON::Object::Ptr* snapshot = nullptr) {
    auto client = kernel_->join(code_, guest);
    EXPECT_EQ(client->status(), 101) << client->body();
    auto first = client->receiveType("room.snapshot");
    EXPECT_TRUE(first);
    if (snapshot != nullptr)
      *snapshot = first;
    return client;
  }

  std::unique_ptr<HubKernel> kernel_;
  Guest host_, viewer_, other_;
  std::string code_;
};

TEST_F(HubChat, MessagesFlowInBatchesIntoHistoryAndSnapshotsAndKeepFlowingInGrace) {
  start("chat:\n  user_burst: 20\n");
  auto host = join(host_);
  auto viewer = join(viewer_);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(viewer->sendText(chatSend("m" + std::to_string(i), "hello " + std::to_string(i))));
  EXPECT_EQ(chatTexts(*host, 3), (std::vector<std::string>{"hello 0", "hello 1", "hello 2"}));
  // The moderation plugin (moderator.wordfilter, loaded from the SDK) masks what it must.
  ASSERT_TRUE(viewer->sendText(chatSend("w", "D a r n it")));
  EXPECT_EQ(chatTexts(*host, 1), (std::vector<std::string>{"******* it"}));
  // Control characters are stripped; markup is kept as text for the client to render as text.
  ASSERT_TRUE(viewer->sendText(chatSend("m3", "<b>bold</b>\\u0007")));
  EXPECT_EQ(chatTexts(*host, 1), (std::vector<std::string>{"<b>bold</b>"}));

  Poco::JSON::Object::Ptr snapshot;
  auto late = join(other_, &snapshot);
  EXPECT_EQ(snapshot->getObject("data")->getArray("chat")->size(), 5u);

  ASSERT_TRUE(late->sendText(command("chat.history", "h", R"({"limit":2})")));
  const auto page = late->receiveType("chat.history");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->getObject("data")->getArray("messages")->size(), 2u);
  EXPECT_FALSE(page->getObject("data")->isNull("next_before"));

  // The host leaves: GRACE, and the others keep chatting.
  host.reset();
  ASSERT_TRUE(viewer->receiveType("room.state"));
  ASSERT_TRUE(late->sendText(chatSend("g", "still here")));
  EXPECT_EQ(chatTexts(*viewer, 1), (std::vector<std::string>{"still here"}));
}

TEST_F(HubChat, ASpammerIsHeldToBurstPlusRateWhilePlaybackIsUntouched) {
  // T8: 5 in a burst then 2 per second, per user per room.
  start(
      "chat:\n  user_rate_per_s: 2\n  user_burst: 5\n"
      "gateway:\n  message_rate_per_s: 10000\n  message_burst: 10000\n");
  auto host = join(host_);
  auto viewer = join(viewer_);
  auto spammer = join(other_);
  ASSERT_TRUE(host->sendText(
      command("playback.set_source", "s", R"({"provider":"provider.fixture","ref":"m"})")));
  ASSERT_TRUE(viewer->receiveType("playback.state"));

  const auto first = std::chrono::steady_clock::now();
  int sent = 0;
  int seeks = 0;
  while (std::chrono::steady_clock::now() - first < 1500ms) {
    ASSERT_TRUE(spammer->sendText(chatSend(std::to_string(sent), "spam")));
    ++sent;
    if (sent % 20 == 0) {
      ++seeks;
      ASSERT_TRUE(host->sendText(command("playback.seek", "k" + std::to_string(seeks),
                                         "{\"position_s\":" + std::to_string(seeks) + "}")));
    }
    std::this_thread::sleep_for(2ms);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - first).count();
  ASSERT_TRUE(viewer->sendText(chatSend("normal", "a normal message")));

  int accepted = 0;
  int limited = 0;
  while (accepted + limited < sent) {
    const auto message = spammer->receive(5s);
    ASSERT_EQ(message.kind, WsMessage::Kind::kText) << accepted << "+" << limited << "/" << sent;
    const auto event = streamit::testing::parseJsonObject(message.text);
    const auto type = event->getValue<std::string>("type");
    if (type == "ack") {
      ++accepted;
    } else if (type == "error") {
      EXPECT_EQ(codeOf(event), "RATE_LIMITED");
      EXPECT_GT(
          event->getObject("data")->getObject("details")->getValue<std::int64_t>("retry_after_ms"),
          0);
      ++limited;
    }
  }
  const double allowed = 5 + 2 * seconds;
  EXPECT_GE(accepted, static_cast<int>(allowed) - 1) << "sent " << sent << " in " << seconds;
  EXPECT_LE(accepted, static_cast<int>(allowed) + 1) << "sent " << sent << " in " << seconds;

  // Every playback command reached the viewer, in order, untouched by the flood; and the
  // normal chatter's message went through.
  for (int version = 2; version <= seeks + 1; ++version) {
    const auto state = viewer->receiveType("playback.state");
    ASSERT_TRUE(state) << "version " << version;
    EXPECT_EQ(state->getObject("data")->getValue<int>("version"), version);
  }
  const auto ack = viewer->receiveType("ack");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->getValue<std::string>("re"), "normal");
}

TEST_F(HubChat, HostControlsHoldAndNobodyElseMayUseThem) {
  start("chat:\n  user_burst: 50\n");
  auto host = join(host_);
  auto viewer = join(viewer_);
  auto other = join(other_);

  // Not the host → NOT_HOST, nothing changes.
  ASSERT_TRUE(viewer->sendText(command("chat.set_enabled", "x", R"({"enabled":false})")));
  EXPECT_EQ(codeOf(viewer->receiveType("error")), "NOT_HOST");

  // Delete a message.
  ASSERT_TRUE(other->sendText(chatSend("o1", "regrettable")));
  const auto batch = host->receiveType("chat.messages");
  ASSERT_TRUE(batch);
  const auto messageId =
      batch->getObject("data")->getArray("messages")->getObject(0)->getValue<std::string>("id");
  ASSERT_TRUE(
      host->sendText(command("chat.delete", "d", "{\"message_id\":\"" + messageId + "\"}")));
  const auto deleted = viewer->receiveType("chat.deleted");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->getObject("data")->getValue<std::string>("message_id"), messageId);

  // Mute.
  ASSERT_TRUE(host->sendText(
      command("chat.mute", "m", "{\"user_id\":\"" + viewer_.subject + "\",\"duration_s\":60}")));
  ASSERT_TRUE(host->receiveType("ack"));
  ASSERT_TRUE(viewer->sendText(chatSend("v1", "can I talk?")));
  EXPECT_EQ(codeOf(viewer->receiveType("error")), "MUTED");

  // Disable chat for everyone.
  ASSERT_TRUE(host->sendText(command("chat.set_enabled", "e", R"({"enabled":false})")));
  const auto state = other->receiveType("chat.state");
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->getObject("data")->getValue<bool>("enabled"));
  ASSERT_TRUE(other->sendText(chatSend("o2", "hello?")));
  EXPECT_EQ(codeOf(other->receiveType("error")), "CHAT_DISABLED");

  // Kick: closed with 4003 and refused at the handshake while the block lasts.
  ASSERT_TRUE(host->sendText(
      command("chat.kick", "k", "{\"user_id\":\"" + other_.subject + "\",\"duration_s\":60}")));
  EXPECT_EQ(other->awaitClose(), 4003);
  auto again = kernel_->join(code_, other_);
  EXPECT_EQ(again->status(), 403) << again->body();
}

}  // namespace
}  // namespace streamit::hub
