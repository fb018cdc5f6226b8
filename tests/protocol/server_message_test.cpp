// Server envelopes: shapes (ARCHITECTURE.md §7, CONTRACT.md), server_ms everywhere, escaping.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <string>
#include <vector>

#include "http/error_codes.h"
#include "playback/playback_state.h"
#include "protocol/server_message.h"
#include "ws/utf8_validator.h"

namespace streamit::protocol {
namespace {

using Poco::JSON::Object;

Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

TEST(ServerMessage, EnvelopeIsCompactAndOrdered) {
  Object::Ptr data = new Object;
  data->set("n", 1);
  EXPECT_EQ(encodeEvent("x.y", data, 42, std::string("r1")),
            R"({"type":"x.y","re":"r1","data":{"n":1,"server_ms":42}})");
  EXPECT_EQ(encodeEvent("x.y", nullptr, 7), R"({"type":"x.y","data":{"server_ms":7}})");
  // The caller's object is reused for fan-out; it must not pick up server_ms.
  EXPECT_FALSE(data->has("server_ms"));
}

TEST(ServerMessage, PlaybackStateCarriesTheFullState) {
  playback::PlaybackState state;
  state.epoch = 3;
  state.version = 9;
  state.status = playback::PlaybackStatus::kPlaying;
  state.position_s = 61.5;
  state.ref_server_ms = 1700000000500;
  state.subtitle = "en";
  const auto event = parse(playbackStateEvent(state, 1700000000000));
  EXPECT_EQ(event->getValue<std::string>("type"), "playback.state");
  EXPECT_FALSE(event->has("re"));
  Object data(*event->getObject("data"));
  EXPECT_EQ(data.getValue<Poco::Int64>("server_ms"), 1700000000000);
  data.remove("server_ms");
  EXPECT_EQ(playback::playbackStateFromJson(data), state);
}

TEST(ServerMessage, RoomStateWithAndWithoutDeadline) {
  auto live = parse(roomStateEvent("LIVE", std::nullopt, 5))->getObject("data");
  EXPECT_EQ(live->getValue<std::string>("state"), "LIVE");
  EXPECT_FALSE(live->has("grace_deadline_ms"));
  auto grace = parse(roomStateEvent("GRACE", 9000, 5))->getObject("data");
  EXPECT_EQ(grace->getValue<Poco::Int64>("grace_deadline_ms"), 9000);
  EXPECT_EQ(grace->getValue<Poco::Int64>("server_ms"), 5);
}

TEST(ServerMessage, ErrorShape) {
  const auto bare = parse(errorEvent(std::nullopt, http::errors::kInvalidMessage, "bad", 1));
  EXPECT_EQ(bare->getValue<std::string>("type"), "error");
  EXPECT_FALSE(bare->has("re"));
  const auto data = bare->getObject("data");
  EXPECT_EQ(data->getValue<std::string>("code"), http::errors::kInvalidMessage.code);
  EXPECT_EQ(data->getValue<std::string>("message"), "bad");
  EXPECT_FALSE(data->has("details"));

  Object::Ptr details = new Object;
  details->set("version", 4);
  const auto conflict =
      parse(errorEvent(std::string("c9"), http::errors::kConflict, "stale", 2, details));
  EXPECT_EQ(conflict->getValue<std::string>("re"), "c9");
  EXPECT_EQ(conflict->getObject("data")->getObject("details")->getValue<int>("version"), 4);
  EXPECT_EQ(conflict->getObject("data")->getValue<std::string>("code"),
            http::errors::kConflict.code);
}

TEST(ServerMessage, DecodeErrorsAndRejections) {
  const auto invalid =
      parse(decodeErrorEvent(DecodeError{std::string("m1"), "data.t0: is required"}, 3));
  EXPECT_EQ(invalid->getValue<std::string>("re"), "m1");
  EXPECT_EQ(invalid->getObject("data")->getValue<std::string>("code"),
            http::errors::kInvalidMessage.code);
  EXPECT_EQ(invalid->getObject("data")->getValue<std::string>("message"), "data.t0: is required");

  EXPECT_EQ(errorCodeFor(playback::RejectReason::kNotHost).code, http::errors::kNotHost.code);
  EXPECT_EQ(errorCodeFor(playback::RejectReason::kConflict).code, http::errors::kConflict.code);
  EXPECT_EQ(errorCodeFor(playback::RejectReason::kValidation).code,
            http::errors::kValidationFailed.code);

  playback::PlaybackState current;
  current.version = 12;
  const auto conflict = parse(rejectionEvent(
      std::string("h"),
      playback::CommandResult{current, playback::RejectReason::kConflict, "stale"}, 4));
  const auto details = conflict->getObject("data")->getObject("details");
  ASSERT_FALSE(details.isNull());
  EXPECT_EQ(playback::playbackStateFromJson(*details->getObject("state")), current);

  const auto notHost = parse(rejectionEvent(
      std::nullopt, playback::CommandResult{current, playback::RejectReason::kNotHost, "no"}, 4));
  EXPECT_EQ(notHost->getObject("data")->getValue<std::string>("code"), http::errors::kNotHost.code);
  EXPECT_FALSE(notHost->getObject("data")->has("details"));
}

TEST(ServerMessage, AckAndPong) {
  const auto ack = parse(ackEvent("a1", 10));
  EXPECT_EQ(ack->getValue<std::string>("type"), "ack");
  EXPECT_EQ(ack->getValue<std::string>("re"), "a1");
  EXPECT_EQ(ack->getObject("data")->getValue<Poco::Int64>("server_ms"), 10);

  const auto pong = parse(timePongEvent(123.25, 1000, 1002, std::string("p")));
  EXPECT_EQ(pong->getValue<std::string>("type"), "time.pong");
  const auto data = pong->getObject("data");
  EXPECT_EQ(data->getValue<double>("t0"), 123.25);
  EXPECT_EQ(data->getValue<Poco::Int64>("t1"), 1000);
  EXPECT_EQ(data->getValue<Poco::Int64>("t2"), 1002);
  EXPECT_EQ(data->getValue<Poco::Int64>("server_ms"), 1002);
}

TEST(ServerMessage, HostileTextIsEscapedAndRoundTrips) {
  const std::string hostile = std::string("q\"b\\s/n\nt\tc\x01z\0e", 16) + "</script><b>\xC3\xA9";
  const std::string id = "id\"},\"type\":\"forged";
  const std::string text = errorEvent(id, http::errors::kInvalidMessage, hostile, 1);
  EXPECT_TRUE(ws::isValidUtf8(text));
  for (const char c : text)
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control character in " << text;
  const auto event = parse(text);
  EXPECT_EQ(event->getValue<std::string>("type"), "error");
  EXPECT_EQ(event->getValue<std::string>("re"), id);
  EXPECT_EQ(event->getObject("data")->getValue<std::string>("message"), hostile);
}

TEST(ServerMessage, ChatEvents) {
  const std::vector<chat::ChatEntry> batch{{"a-n1-000000", "u1", "Ann", "<b>hi</b>", 5},
                                           {"b-n1-000001", "u2", "Bob", "yo", 6}};
  EXPECT_EQ(
      chatMessagesEvent(batch, 9),
      R"({"type":"chat.messages","data":{"messages":[)"
      R"({"id":"a-n1-000000","user_id":"u1","display_name":"Ann","text":"<b>hi</b>","ts_ms":5},)"
      R"({"id":"b-n1-000001","user_id":"u2","display_name":"Bob","text":"yo","ts_ms":6}],)"
      R"("server_ms":9}})");
  EXPECT_EQ(chatDeletedEvent("a-n1-000000", 3),
            R"({"type":"chat.deleted","data":{"message_id":"a-n1-000000","server_ms":3}})");
  EXPECT_EQ(chatStateEvent(false, 3, std::string("r")),
            R"({"type":"chat.state","re":"r","data":{"enabled":false,"server_ms":3}})");
  const auto more = parse(chatHistoryEvent(batch, std::string("a-n1-000000"), 4, std::string("h")));
  EXPECT_EQ(more->getValue<std::string>("re"), "h");
  const auto data = more->getObject("data");
  EXPECT_EQ(data->getArray("messages")->size(), 2u);
  EXPECT_EQ(data->getValue<std::string>("next_before"), "a-n1-000000");
  const auto last = parse(chatHistoryEvent({}, std::nullopt, 4));
  EXPECT_TRUE(last->getObject("data")->has("next_before"));
  EXPECT_TRUE(last->getObject("data")->isNull("next_before"));
  EXPECT_EQ(last->getObject("data")->getArray("messages")->size(), 0u);
}

TEST(ServerMessage, PlaybackStateEventWithReCarriesTheStateAndServerMs) {
  playback::PlaybackState state;
  state.epoch = 4;
  state.version = 12;
  state.status = playback::PlaybackStatus::kPaused;
  state.position_s = 0.1;
  state.ref_server_ms = 1700000000123;
  state.rate = 1.25;
  state.quality = "720p";
  playback::PlaybackSource source;
  source.provider = "provider.example";
  source.stream_id = "Zo\xC3\xAB \"q\"\\";
  source.kind = "hls";
  source.url = "https://cdn.example/a?b=1&c=\n";
  source.duration_s = 7200.5;
  source.qualities = {"1080p", "720p"};
  state.source = source;

  const std::string text = playbackStateEvent(state, 1234, std::string("abc"));
  EXPECT_EQ(text.rfind(R"({"type":"playback.state","re":"abc","data":{)", 0), 0u) << text;
  EXPECT_TRUE(ws::isValidUtf8(text));
  const auto event = parse(text);
  EXPECT_EQ(event->size(), 3u);
  EXPECT_EQ(event->getValue<std::string>("type"), "playback.state");
  EXPECT_EQ(event->getValue<std::string>("re"), "abc");
  Object data(*event->getObject("data"));
  EXPECT_EQ(data.size(), 10u);  // the 9 state keys + server_ms
  EXPECT_EQ(data.getValue<Poco::Int64>("server_ms"), 1234);
  data.remove("server_ms");
  EXPECT_EQ(playback::playbackStateFromJson(data), state);

  // Same envelope as the generic encoder, member for member.
  const auto generic =
      parse(encodeEvent("playback.state", playback::toJson(state), 1234, std::string("abc")));
  Object genericData(*generic->getObject("data"));
  EXPECT_EQ(genericData.getValue<Poco::Int64>("server_ms"), 1234);
  genericData.remove("server_ms");
  EXPECT_EQ(playback::playbackStateFromJson(genericData), playback::playbackStateFromJson(data));
}

TEST(ServerMessage, PlaybackStateEventEscapesHostileRe) {
  const std::string re = std::string("r\"},\"type\":\"forged\\\n\x01") + "\xFF";
  const std::string text = playbackStateEvent(playback::PlaybackState{}, 5, re);
  EXPECT_TRUE(ws::isValidUtf8(text));
  for (const char c : text)
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control character in " << text;
  const auto event = parse(text);
  EXPECT_EQ(event->getValue<std::string>("type"), "playback.state");
  EXPECT_EQ(event->getValue<std::string>("re"), re.substr(0, re.size() - 1) + "\xEF\xBF\xBD");
  EXPECT_EQ(event->getObject("data")->getValue<Poco::Int64>("server_ms"), 5);
  EXPECT_TRUE(event->getObject("data")->isNull("source"));
}

}  // namespace
}  // namespace streamit::protocol
