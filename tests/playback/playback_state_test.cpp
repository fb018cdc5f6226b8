#include "playback/playback_state.h"

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "playback/test_states.h"

namespace streamit::playback {
namespace {

using test::kNow;
using test::movie;
using test::pausedAt;
using test::playingFrom;

TEST(PositionAt, PausedIsFrozen) {
  const PlaybackState state = pausedAt(12.5);
  EXPECT_DOUBLE_EQ(positionAt(state, kNow), 12.5);
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 60'000), 12.5);
}

TEST(PositionAt, PlayingAdvancesWithRate) {
  PlaybackState state = playingFrom(10.0, kNow);
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 1'500), 11.5);
  state.rate = 2.0;
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 1'500), 13.0);
}

TEST(PositionAt, HeldBeforeScheduledStart) {
  const PlaybackState state = playingFrom(10.0, kNow + 300);
  EXPECT_DOUBLE_EQ(positionAt(state, kNow), 10.0);
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 300), 10.0);
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 400), 10.1);
}

TEST(PositionAt, ClampedToDuration) {
  const PlaybackState state = playingFrom(7199.0, kNow);
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 5'000), 7200.0);
}

TEST(PositionAt, UnknownDurationIsNotClampedAbove) {
  PlaybackState state = playingFrom(7199.0, kNow);
  state.source->duration_s.reset();
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 5'000), 7204.0);
}

TEST(PositionAt, NeverNegative) {
  PlaybackState state = playingFrom(1.0, kNow);
  state.rate = -1.0;  // not produced by commands, but a corrupt state must not go below 0
  EXPECT_DOUBLE_EQ(positionAt(state, kNow + 5'000), 0.0);
}

PlaybackState richState() {
  PlaybackState state = playingFrom(123.456789012345, kNow + 300, 17);
  state.rate = 1.0;
  state.quality = "720p";
  state.subtitle = "fr";
  state.source->embed_url = "https://embed.example/x?a=\"b\"&c=\u00e9";
  return state;
}

TEST(PlaybackJson, RoundTripsExactly) {
  for (const PlaybackState& state :
       {richState(), PlaybackState{}, pausedAt(0.0), pausedAt(7200.0)}) {
    const std::string text = toJsonString(state);
    EXPECT_EQ(playbackStateFromJsonString(text), state) << text;
  }
}

TEST(PlaybackJson, RoundTripsAwkwardDoubles) {
  for (const double position : {0.1, 1.0 / 3.0, 5e-324, 1e-7, 7199.999999999999, 42.0}) {
    PlaybackState state = pausedAt(position);
    state.source->duration_s = 7200.000000000001;
    const PlaybackState parsed = playbackStateFromJsonString(toJsonString(state));
    EXPECT_EQ(parsed.position_s, position);
    EXPECT_EQ(parsed.source->duration_s, state.source->duration_s);
  }
}

TEST(PlaybackJson, WritesTheContractKeys) {
  const Poco::JSON::Object::Ptr object = toJson(richState());
  for (const char* key : {"epoch", "version", "status", "position_s", "ref_server_ms", "rate",
                          "source", "quality", "subtitle"}) {
    EXPECT_TRUE(object->has(key)) << key;
  }
  EXPECT_EQ(object->getValue<std::string>("status"), "playing");
  PlaybackState none = pausedAt(1.0);
  none.source.reset();
  EXPECT_TRUE(toJson(none)->isNull("source"));
  EXPECT_TRUE(toJson(none)->isNull("subtitle"));
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from << " not in " << text;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST(PlaybackJson, RejectsMalformedInput) {
  const std::string good = toJsonString(richState());
  const std::string bad[] = {
      "",
      "not json",
      "[]",
      "42",
      replaced(good, "\"epoch\":3,", ""),                                    // missing key
      replaced(good, "\"epoch\":3", "\"epoch\":3,\"extra\":1"),              // unknown key
      replaced(good, "\"epoch\":3", "\"epoch\":-3"),                         // negative
      replaced(good, "\"epoch\":3", "\"epoch\":3.5"),                        // not an integer
      replaced(good, "\"epoch\":3", "\"epoch\":\"3\""),                      // wrong type
      replaced(good, "\"epoch\":3", "\"epoch\":true"),                       // wrong type
      replaced(good, "\"version\":17", "\"version\":18446744073709551615"),  // out of range
      replaced(good, "\"status\":\"playing\"", "\"status\":\"stopped\""),
      replaced(good, "\"status\":\"playing\"", "\"status\":null"),
      replaced(good, "\"rate\":1", "\"rate\":\"fast\""),
      replaced(good, "\"quality\":\"720p\"", "\"quality\":null"),
      replaced(good, "\"subtitle\":\"fr\"", "\"subtitle\":7"),
      replaced(good, "\"provider\":\"provider.example\",", ""),        // missing nested key
      replaced(good, "\"kind\":\"hls\"", "\"kind\":\"hls\",\"x\":1"),  // unknown nested key
      replaced(good, "\"qualities\":[\"1080p\",\"720p\"]", "\"qualities\":[\"1080p\",7]"),
      replaced(good, "\"qualities\":[\"1080p\",\"720p\"]", "\"qualities\":\"1080p\""),
      replaced(good, "\"duration_s\":7200", "\"duration_s\":\"long\""),
  };
  for (const std::string& text : bad) {
    EXPECT_THROW(playbackStateFromJsonString(text), PlaybackJsonError) << text;
  }
  // `source` must be an object or null.
  PlaybackState noSource = richState();
  noSource.source.reset();
  const std::string withNull = toJsonString(noSource);
  EXPECT_THROW(playbackStateFromJsonString(replaced(withNull, "\"source\":null", "\"source\":5")),
               PlaybackJsonError);
}

TEST(PlaybackJson, ErrorNamesTheKey) {
  const std::string good = toJsonString(richState());
  try {
    playbackStateFromJsonString(replaced(good, "\"kind\":\"hls\"", "\"kind\":1"));
    FAIL() << "expected PlaybackJsonError";
  } catch (const PlaybackJsonError& e) {
    EXPECT_NE(std::string(e.what()).find("source.kind"), std::string::npos) << e.what();
  }
}

TEST(PlaybackStatusNames, RoundTrip) {
  EXPECT_EQ(parsePlaybackStatus(toString(PlaybackStatus::kPaused)), PlaybackStatus::kPaused);
  EXPECT_EQ(parsePlaybackStatus(toString(PlaybackStatus::kPlaying)), PlaybackStatus::kPlaying);
  EXPECT_EQ(parsePlaybackStatus("PLAYING"), std::nullopt);
}

}  // namespace
}  // namespace streamit::playback
