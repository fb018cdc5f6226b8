// Table tests for the client message decoder: every type accepted, every refusal naming its
// field, and a garbage corpus that must never throw.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <variant>

#include "protocol/client_message.h"

namespace streamit::protocol {
namespace {

ClientMessage accept(const std::string& text) {
  const DecodeResult result = decodeClientMessage(text);
  if (const auto* error = std::get_if<DecodeError>(&result)) {
    ADD_FAILURE() << text << " refused: " << error->message;
    return {};
  }
  return std::get<ClientMessage>(result);
}

DecodeError refusal(const std::string& text, const DecodeLimits& limits = {}) {
  const DecodeResult result = decodeClientMessage(text, limits);
  if (!std::holds_alternative<DecodeError>(result)) {
    ADD_FAILURE() << text << " was accepted";
    return {};
  }
  return std::get<DecodeError>(result);
}

template <typename Action>
Action action(const ClientMessage& message) {
  const auto* body = std::get_if<PlaybackCommandMessage>(&message.body);
  EXPECT_NE(body, nullptr);
  if (body == nullptr || !std::holds_alternative<Action>(body->command.action))
    return {};
  return std::get<Action>(body->command.action);
}

std::optional<std::uint64_t> expectedVersion(const ClientMessage& message) {
  return std::get<PlaybackCommandMessage>(message.body).command.expected_version;
}

TEST(ClientMessage, PlayWithAndWithoutPosition) {
  const auto bare = accept(R"({"type":"playback.play"})");
  EXPECT_EQ(bare.id, std::nullopt);
  EXPECT_EQ(action<playback::PlayCommand>(bare).position_s, std::nullopt);
  EXPECT_EQ(expectedVersion(bare), std::nullopt);

  const auto full = accept(
      R"({"type":"playback.play","id":"c-1","data":{"position_s":12.5,"expected_version":4}})");
  EXPECT_EQ(full.id, "c-1");
  EXPECT_EQ(action<playback::PlayCommand>(full).position_s, 12.5);
  EXPECT_EQ(expectedVersion(full), 4U);
}

TEST(ClientMessage, PauseSeekQualitySubtitle) {
  EXPECT_EQ(
      action<playback::PauseCommand>(accept(R"({"type":"playback.pause","data":{}})")).position_s,
      std::nullopt);
  EXPECT_EQ(
      action<playback::PauseCommand>(accept(R"({"type":"playback.pause","data":{"position_s":0}})"))
          .position_s,
      0.0);
  EXPECT_EQ(action<playback::SeekCommand>(
                accept(R"({"type":"playback.seek","data":{"position_s":10000000}})"))
                .position_s,
            1e7);
  EXPECT_EQ(action<playback::ChangeQualityCommand>(
                accept(R"({"type":"playback.change_quality","data":{"quality":"720p"}})"))
                .quality,
            "720p");
  EXPECT_EQ(action<playback::ChangeSubtitleCommand>(
                accept(R"({"type":"playback.change_subtitle","data":{"subtitle":"en"}})"))
                .subtitle,
            "en");
  EXPECT_EQ(action<playback::ChangeSubtitleCommand>(
                accept(R"({"type":"playback.change_subtitle","data":{"subtitle":null}})"))
                .subtitle,
            std::nullopt);
  EXPECT_EQ(expectedVersion(
                accept(R"({"type":"playback.seek","data":{"position_s":1,"expected_version":0}})")),
            0U);
}

TEST(ClientMessage, SetSourceReportChatPingResync) {
  const auto source = std::get<SetSourceRequest>(
      accept(R"({"type":"playback.set_source","data":{"provider":"provider.vidking",)"
             R"("ref":"tv/1399/1/1","expected_version":2}})")
          .body);
  EXPECT_EQ(source.provider, "provider.vidking");
  EXPECT_EQ(source.ref, "tv/1399/1/1");
  EXPECT_EQ(source.expected_version, 2U);

  const auto report = std::get<PlaybackReport>(
      accept(R"({"type":"playback.report","data":{"position_s":3.5,"buffering":true,)"
             R"("client_ms":1700000000000.25}})")
          .body);
  EXPECT_EQ(report.position_s, 3.5);
  EXPECT_TRUE(report.buffering);
  EXPECT_EQ(report.client_ms, 1700000000000.25);

  EXPECT_EQ(
      std::get<ChatSend>(accept(R"({"type":"chat.send","data":{"text":"<b>hi</b> ü"}})").body).text,
      "<b>hi</b> \xC3\xBC");
  EXPECT_EQ(std::get<TimePing>(accept(R"({"type":"time.ping","data":{"t0":123.5}})").body).t0,
            123.5);
  EXPECT_TRUE(std::holds_alternative<RoomResync>(accept(R"({"type":"room.resync"})").body));
  EXPECT_TRUE(
      std::holds_alternative<RoomResync>(accept(R"({"type":"room.resync","data":{}})").body));
}

TEST(ClientMessage, ChatTextIsSanitizedAndCountedInCodePoints) {
  const auto chat = std::get<ChatSend>(
      accept(R"({"type":"chat.send","data":{"text":"a\u0000b\tc\r\nd\u001b[31me\u0085f\u007f"}})")
          .body);
  EXPECT_EQ(chat.text, "abc\nd[31mef");

  // 1000 two-byte code points pass although they are 2000 bytes; 1001 do not.
  std::string thousand;
  for (int i = 0; i < 1000; ++i)
    thousand += "\xC3\xA9";
  EXPECT_EQ(std::get<ChatSend>(
                accept(R"({"type":"chat.send","data":{"text":")" + thousand + R"("}})").body)
                .text.size(),
            2000U);
  EXPECT_NE(refusal(R"({"type":"chat.send","data":{"text":")" + thousand + R"(x"}})")
                .message.find("data.text"),
            std::string::npos);
  EXPECT_NE(
      refusal(R"({"type":"chat.send","data":{"text":"\u0007\u0008"}})").message.find("data.text"),
      std::string::npos);
  // Raw invalid UTF-8 is already refused by the JSON parser; an escaped lone surrogate gets as
  // far as the field check.
  EXPECT_FALSE(
      refusal("{\"type\":\"chat.send\",\"data\":{\"text\":\"\xC3\x28\"}}").message.empty());
  EXPECT_FALSE(refusal(R"({"type":"chat.send","data":{"text":"a\ud800b"}})").message.empty());
}

TEST(ClientMessage, ChatHistoryWithAndWithoutCursor) {
  const auto bare = std::get<ChatHistoryRequest>(accept(R"({"type":"chat.history"})").body);
  EXPECT_EQ(bare.before, std::nullopt);
  EXPECT_EQ(bare.limit, kDefaultChatHistoryLimit);
  const auto full = std::get<ChatHistoryRequest>(
      accept(R"({"type":"chat.history","id":"h","data":{"before":"0abc-n1-000001","limit":100}})")
          .body);
  EXPECT_EQ(full.before, "0abc-n1-000001");
  EXPECT_EQ(full.limit, 100u);
  EXPECT_EQ(
      std::get<ChatHistoryRequest>(accept(R"({"type":"chat.history","data":{"limit":1.0}})").body)
          .limit,
      1u);
  for (const char* bad : {R"({"type":"chat.history","data":{"limit":0}})",
                          R"({"type":"chat.history","data":{"limit":101}})",
                          R"({"type":"chat.history","data":{"limit":2.5}})",
                          R"({"type":"chat.history","data":{"limit":"5"}})",
                          R"({"type":"chat.history","data":{"before":""}})",
                          R"({"type":"chat.history","data":{"before":7}})",
                          R"({"type":"chat.history","data":{"after":"x"}})"}) {
    EXPECT_EQ(refusal(bad).message.rfind("data.", 0), 0u) << bad;
  }
}

TEST(ClientMessage, ChatHostControls) {
  EXPECT_FALSE(std::get<ChatSetEnabled>(
                   accept(R"({"type":"chat.set_enabled","data":{"enabled":false}})").body)
                   .enabled);
  EXPECT_EQ(
      std::get<ChatDelete>(accept(R"({"type":"chat.delete","data":{"message_id":"m-1"}})").body)
          .message_id,
      "m-1");
  const auto mute = std::get<ChatMute>(
      accept(R"({"type":"chat.mute","data":{"user_id":"user-bob","duration_s":86400}})").body);
  EXPECT_EQ(mute.user_id, "user-bob");
  EXPECT_EQ(mute.duration_s, 86400);
  const auto kick = std::get<ChatKick>(
      accept(R"({"type":"chat.kick","data":{"user_id":"user-bob","duration_s":0}})").body);
  EXPECT_EQ(kick.duration_s, 0);
  for (const char* bad : {
           R"({"type":"chat.set_enabled","data":{"enabled":1}})",
           R"({"type":"chat.set_enabled","data":{}})",
           R"({"type":"chat.set_enabled"})",
           R"({"type":"chat.delete","data":{"message_id":""}})",
           R"({"type":"chat.delete","data":{"message_id":"m","x":1}})",
           R"({"type":"chat.mute","data":{"user_id":"u","duration_s":0}})",
           R"({"type":"chat.mute","data":{"user_id":"u","duration_s":86401}})",
           R"({"type":"chat.mute","data":{"user_id":"u","duration_s":1.5}})",
           R"({"type":"chat.mute","data":{"duration_s":10}})",
           R"({"type":"chat.kick","data":{"user_id":"u","duration_s":-1}})",
           R"({"type":"chat.kick","data":{"user_id":"u"}})",
           R"({"type":"chat.kick","data":{"user_id":true,"duration_s":5}})",
       }) {
    EXPECT_FALSE(refusal(bad).message.empty()) << bad;
  }
  EXPECT_NE(refusal(R"({"type":"chat.mute","data":{"user_id":"u","duration_s":0}})")
                .message.find("data.duration_s"),
            std::string::npos);
}

TEST(SanitizeChatText, KeepsNewlinesAndPrintableText) {
  EXPECT_EQ(sanitizeChatText("line1\nline2"), "line1\nline2");
  EXPECT_EQ(sanitizeChatText(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(sanitizeChatText("\xC2\x80x\xC2\x9Fy\xC2\xA0z"), "xy\xC2\xA0z");  // NBSP stays
  EXPECT_EQ(sanitizeChatText("\xE2\x80\xAE"), "\xE2\x80\xAE");                // not a C0/C1 control
  EXPECT_EQ(countCodePoints("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 4U);
}

struct Refusal {
  std::string text;
  std::string field;  // must appear in the message
};

// Readable test output instead of gtest's byte dump.
void PrintTo(const Refusal& refusal, std::ostream* out) {
  *out << refusal.text.substr(0, 100);
}

class ClientMessageRefusals : public ::testing::TestWithParam<Refusal> {};

TEST_P(ClientMessageRefusals, NamesTheField) {
  const DecodeError error = refusal(GetParam().text);
  EXPECT_NE(error.message.find(GetParam().field), std::string::npos)
      << GetParam().text << " → " << error.message;
}

const std::string k65(65, 'x');
const std::string k2049(2049, 'r');

INSTANTIATE_TEST_SUITE_P(
    Table, ClientMessageRefusals,
    ::testing::Values(
        Refusal{R"({"id":"1"})", "type"}, Refusal{R"({"type":7})", "type"},
        Refusal{R"({"type":"playback.rewind","data":{}})", "type"},
        Refusal{R"({"type":"room.resync","extra":1})", "extra"},
        Refusal{R"({"type":"room.resync","id":7})", "id"},
        Refusal{R"({"type":"room.resync","id":""})", "id"},
        Refusal{R"({"type":"room.resync","id":")" + k65 + R"("})", "id"},
        Refusal{R"({"type":"room.resync","data":[]})", "data"},
        Refusal{R"({"type":"room.resync","data":null})", "data"},
        Refusal{R"({"type":"room.resync","data":{"x":1}})", "data.x"},
        Refusal{R"({"type":"playback.seek"})", "data"},
        Refusal{R"({"type":"playback.seek","data":{}})", "data.position_s"},
        Refusal{R"({"type":"playback.seek","data":{"position_s":"1"}})", "data.position_s"},
        Refusal{R"({"type":"playback.seek","data":{"position_s":true}})", "data.position_s"},
        Refusal{R"({"type":"playback.seek","data":{"position_s":null}})", "data.position_s"},
        Refusal{R"({"type":"playback.seek","data":{"position_s":-0.5}})", "data.position_s"},
        Refusal{R"({"type":"playback.seek","data":{"position_s":10000000.5}})", "data.position_s"},
        // The parser itself refuses a double overflow.
        Refusal{R"({"type":"playback.seek","data":{"position_s":1e400}})", "message"},
        Refusal{R"({"type":"playback.seek","data":{"position_s":1e300}})", "data.position_s"},
        Refusal{R"({"type":"playback.play","data":{"position_s":1,"speed":2}})", "data.speed"},
        Refusal{R"({"type":"playback.pause","data":{"expected_version":-1}})",
                "data.expected_version"},
        Refusal{R"({"type":"playback.pause","data":{"expected_version":1.5}})",
                "data.expected_version"},
        Refusal{R"({"type":"playback.pause","data":{"expected_version":"3"}})",
                "data.expected_version"},
        Refusal{R"({"type":"playback.change_quality","data":{}})", "data.quality"},
        Refusal{R"({"type":"playback.change_quality","data":{"quality":""}})", "data.quality"},
        Refusal{R"({"type":"playback.change_quality","data":{"quality":")" + k65 + R"("}})",
                "data.quality"},
        Refusal{R"({"type":"playback.change_subtitle","data":{}})", "data.subtitle"},
        Refusal{R"({"type":"playback.change_subtitle","data":{"subtitle":1}})", "data.subtitle"},
        Refusal{R"({"type":"playback.set_source","data":{"provider":"p"}})", "data.ref"},
        Refusal{R"({"type":"playback.set_source","data":{"ref":"r"}})", "data.provider"},
        Refusal{
            R"({"type":"playback.set_source","data":{"provider":"p","ref":")" + k2049 + R"("}})",
            "data.ref"},
        Refusal{R"({"type":"playback.set_source","data":{"provider":")" + k65 + R"(","ref":"r"}})",
                "data.provider"},
        Refusal{R"({"type":"playback.report","data":{"position_s":1,"client_ms":1}})",
                "data.buffering"},
        Refusal{R"({"type":"playback.report","data":{"position_s":1,"buffering":1,"client_ms":1}})",
                "data.buffering"},
        Refusal{
            R"({"type":"playback.report","data":{"position_s":1,"buffering":false,"client_ms":-1}})",
            "data.client_ms"},
        Refusal{R"({"type":"chat.send","data":{"text":""}})", "data.text"},
        Refusal{R"({"type":"chat.send","data":{"text":["a"]}})", "data.text"},
        Refusal{R"({"type":"time.ping","data":{}})", "data.t0"},
        Refusal{R"({"type":"time.ping","data":{"t0":1e16}})", "data.t0"},
        Refusal{R"({"type":"time.ping","data":{"t0":1,"t1":2}})", "data.t1"},
        Refusal{R"([1])", "message"}, Refusal{R"("text")", "message"},
        Refusal{R"({"type":)", "message"}, Refusal{"", "message"}));

TEST(ClientMessage, ErrorCarriesTheIdOnlyWhenItWasValid) {
  EXPECT_EQ(refusal(R"({"type":"playback.seek","id":"abc","data":{}})").id, "abc");
  EXPECT_EQ(refusal(R"({"type":"nope","id":"abc"})").id, "abc");
  EXPECT_EQ(refusal(R"({"type":"nope","id":5})").id, std::nullopt);
  EXPECT_EQ(refusal(R"({"type":"nope","id":"abc")").id, std::nullopt);  // bad JSON
}

TEST(ClientMessage, SizeAndDepthLimits) {
  const std::string padded =
      R"({"type":"chat.send","data":{"text":")" + std::string(17000, 'a') + R"("}})";
  EXPECT_NE(refusal(padded).message.find("16384"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<DecodeError>(
      decodeClientMessage(R"({"type":"room.resync"})", DecodeLimits{10, 8})));

  // Depth 3 passes a limit of 3 and fails a limit of 2; brackets inside strings don't count.
  const std::string depth3 = R"({"type":"chat.send","data":{"text":"[[[[{{{{"},"x":[[1]]})";
  EXPECT_EQ(refusal(depth3, DecodeLimits{16384, 3}).message, "x: unknown field");
  EXPECT_NE(refusal(depth3, DecodeLimits{16384, 2}).message.find("nested"), std::string::npos);
}

TEST(ClientMessage, GarbageNeverThrows) {
  std::vector<std::string> corpus = {
      std::string(10000, '[') + std::string(10000, ']'),
      std::string(10000, '{'),
      std::string(5000, '[') + "\"" + std::string(5000, ']'),
      R"({"type":"playback.seek","data":{"position_s":)" + std::string(400, '9') + "}}",
      R"({"type":"playback.pause","data":{"expected_version":99999999999999999999999}})",
      R"({"type":"playback.pause","data":{"expected_version":18446744073709551615}})",
      R"({"type":"time.ping","data":{"t0":-1e-400}})",
      R"({"type":"time.ping","data":{"t0":1},"data":{"t0":2},"type":"time.ping"})",
      R"({"type":"chat.send","data":{"text":"\ud800\udc00\udfff"}})",
      std::string("{\"type\":\"chat.send\",\"data\":{\"text\":\"\0\"}}", 37),
      "null",
      "true",
      "1",
      "{}",
      "{\"\":{}}",
      "\xEF\xBB\xBF{}",
      "{\"type\":\"room.resync\"} x",
      "NaN",
      "{\"type\":\"time.ping\",\"data\":{\"t0\":NaN}}",
      "{\"type\":\"time.ping\",\"data\":{\"t0\":Infinity}}"};
  std::mt19937 rng(7);
  for (int i = 0; i < 500; ++i) {
    std::string bytes(rng() % 200, '\0');
    for (char& c : bytes)
      c = static_cast<char>(rng());
    corpus.push_back(bytes);
  }
  for (const std::string& text : corpus) {
    EXPECT_NO_THROW({
      const DecodeResult result = decodeClientMessage(text);
      if (const auto* error = std::get_if<DecodeError>(&result)) {
        EXPECT_FALSE(error->message.empty());
      }
    }) << text.substr(0, 80);
  }
  // Duplicate keys: Poco keeps the last copy, and that copy is fully checked.
  const DecodeResult duplicate =
      decodeClientMessage(R"({"type":"time.ping","data":{"t0":-5},"data":{"t0":2}})");
  ASSERT_TRUE(std::holds_alternative<ClientMessage>(duplicate));
  EXPECT_EQ(std::get<TimePing>(std::get<ClientMessage>(duplicate).body).t0, 2.0);
}

}  // namespace
}  // namespace streamit::protocol
