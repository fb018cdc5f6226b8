// The PLAYER_EVENT postMessage parser: valid telemetry in, garbage out with a reason.
#include <gtest/gtest.h>

#include "player_event.h"

namespace streamit::vidking {
namespace {

constexpr std::string_view kOrigin = "https://www.vidking.net";

PlayerEventResult parse(std::string_view message, std::string_view origin = kOrigin) {
  return parsePlayerEvent(origin, message);
}

std::string withData(const std::string& data) {
  return R"({"type":"PLAYER_EVENT","data":)" + data + "}";
}

TEST(ProviderVidkingPlayerEvent, ParsesEveryFieldOfARealMessage) {
  auto r = parse(withData(
      R"({"event":"timeupdate","currentTime":120.5,"duration":8160,"progress":1.47,)"
      R"("id":"1399","mediaType":"tv","season":1,"episode":2,"timestamp":1732460000000})"));
  ASSERT_TRUE(r.event) << r.error;
  EXPECT_EQ(r.event->event, PlayerEventType::kTimeUpdate);
  EXPECT_DOUBLE_EQ(r.event->currentTime, 120.5);
  EXPECT_DOUBLE_EQ(r.event->duration, 8160);
  EXPECT_DOUBLE_EQ(r.event->progress, 1.47);
  EXPECT_EQ(r.event->id, "1399");
  EXPECT_EQ(r.event->mediaType, "tv");
  EXPECT_EQ(r.event->season, 1u);
  EXPECT_EQ(r.event->episode, 2u);
  EXPECT_EQ(r.event->timestamp, 1732460000000);
}

TEST(ProviderVidkingPlayerEvent, EveryEventNameAndMinimalMessages) {
  for (const char* name : {"play", "pause", "timeupdate", "seeked", "ended"}) {
    auto r = parse(withData(std::string(R"({"event":")") + name + R"(","currentTime":0})"));
    ASSERT_TRUE(r.event) << name << ": " << r.error;
    EXPECT_EQ(playerEventName(r.event->event), name);
    EXPECT_FALSE(r.event->season);
    EXPECT_EQ(r.event->id, "");
  }
  auto numericId =
      parse(withData(R"({"event":"play","currentTime":1,"id":603,"mediaType":"movie"})"));
  ASSERT_TRUE(numericId.event) << numericId.error;
  EXPECT_EQ(numericId.event->id, "603");
}

TEST(ProviderVidkingPlayerEvent, RejectsOtherOriginsBeforeReadingTheMessage) {
  const std::string ok = withData(R"({"event":"play","currentTime":1})");
  for (const char* origin : {"https://evil.example", "http://www.vidking.net",
                             "https://www.vidking.net.evil.example", "", "null"}) {
    auto r = parse(ok, origin);
    EXPECT_FALSE(r.event) << origin;
    EXPECT_NE(r.error.find("is not the player's"), std::string::npos) << r.error;
  }
  // The test fake's origin is accepted when configured as the expected one.
  EXPECT_TRUE(parsePlayerEvent("http://127.0.0.1:1234", ok, "http://127.0.0.1:1234").event);
}

TEST(ProviderVidkingPlayerEvent, RejectsGarbageWithAReason) {
  struct Case {
    std::string message;
    const char* expected;
  };
  const Case cases[] = {
      {"", "bytes of JSON"},
      {std::string(5000, ' '), "bytes of JSON"},
      {"not json", "must be a JSON object"},
      {"{not json", "not JSON"},
      {"[1,2]", "must be a JSON object"},
      {R"("PLAYER_EVENT")", "must be a JSON object"},
      {R"({"type":"OTHER","data":{"event":"play","currentTime":1}})", "type must be PLAYER_EVENT"},
      {R"({"data":{"event":"play","currentTime":1}})", "type must be PLAYER_EVENT"},
      {R"({"type":"PLAYER_EVENT"})", "data must be an object"},
      {R"({"type":"PLAYER_EVENT","data":"play"})", "data must be an object"},
      {withData(R"({"currentTime":1})"), "data.event must be a string"},
      {withData(R"({"event":"explode","currentTime":1})"), "unknown event 'explode'"},
      {withData(R"({"event":"play"})"), "data.currentTime is required"},
      {withData(R"({"event":"play","currentTime":"12"})"), "data.currentTime must be a number"},
      {withData(R"({"event":"play","currentTime":true})"), "data.currentTime must be a number"},
      {withData(R"({"event":"play","currentTime":-1})"), "data.currentTime must not be negative"},
      {withData(R"({"event":"play","currentTime":1,"duration":-3})"), "data.duration"},
      {withData(R"({"event":"play","currentTime":1,"progress":150})"), "data.progress"},
      {withData(R"({"event":"play","currentTime":1,"season":1.5})"), "data.season"},
      {withData(R"({"event":"play","currentTime":1,"episode":-2})"), "data.episode"},
      {withData(R"({"event":"play","currentTime":1,"mediaType":"book"})"), "data.mediaType"},
      {withData(R"({"event":"play","currentTime":1,"id":"60x3"})"), "data.id"},
      {withData(R"({"event":"play","currentTime":1,"id":-4})"), "data.id"},
      {withData(R"({"event":"play","currentTime":1,"id":{}})"), "data.id"},
      {withData(R"({"event":"play","currentTime":1,"timestamp":-1})"), "data.timestamp"},
      {withData(R"({"event":"play","currentTime":1e999})"), "not JSON"},
  };
  for (const Case& c : cases) {
    auto r = parse(c.message);
    EXPECT_FALSE(r.event) << c.message;
    EXPECT_NE(r.error.find(c.expected), std::string::npos)
        << c.message.substr(0, 80) << " → " << r.error;
  }
}

}  // namespace
}  // namespace streamit::vidking
