// The direct playback.state writer (state_writer.h): toJsonString and appendStateMembers must
// produce valid JSON that the strict reader parses back to an equal state, whatever the strings
// and numbers hold, and the same bytes for the same state (the engine's compare-and-set compares
// stored bytes).
#include "playback/state_writer.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "playback/playback_state.h"
#include "playback/test_states.h"
#include "ws/utf8_validator.h"

namespace streamit::playback {
namespace {

using test::kNow;
using test::movie;
using test::pausedAt;
using test::playingFrom;

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::set<std::string> keysOf(const Poco::JSON::Object& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object)
    keys.insert(key);
  return keys;
}

// Valid JSON text has no raw control characters and is valid UTF-8.
void expectWireSafe(const std::string& text) {
  EXPECT_TRUE(ws::isValidUtf8(text)) << text;
  for (const char c : text)
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control character in " << text;
}

void expectRoundTrip(const PlaybackState& state) {
  const std::string text = toJsonString(state);
  expectWireSafe(text);
  PlaybackState parsed;
  ASSERT_NO_THROW(parsed = playbackStateFromJsonString(text)) << text;
  EXPECT_EQ(parsed, state) << text;
  // Stable bytes: writing the parsed state again gives the same text.
  EXPECT_EQ(toJsonString(parsed), text);
}

PlaybackState withStrings(const std::string& text) {
  PlaybackState state = playingFrom(12.5, kNow);
  state.quality = text;
  state.subtitle = text;
  state.source->provider = text;
  state.source->stream_id = text + text;
  state.source->kind = text;
  state.source->url = "https://cdn.example/" + text;
  state.source->embed_url = text;
  state.source->qualities = {text, "", text};
  state.source->subtitles = {text};
  return state;
}

TEST(StateWriter, RoundTripsBasicStates) {
  PlaybackState noSource = pausedAt(3.0);
  noSource.source.reset();
  PlaybackState noDuration = playingFrom(1.5, kNow + 300);
  noDuration.source->duration_s.reset();
  PlaybackState emptyLists = pausedAt(0.0);
  emptyLists.source->qualities.clear();
  emptyLists.source->subtitles.clear();
  PlaybackState subtitled = playingFrom(99.25, kNow, 17);
  subtitled.subtitle = "fr";
  subtitled.quality = "720p";
  subtitled.rate = 1.5;
  for (const PlaybackState& state :
       {PlaybackState{}, pausedAt(0.0), noSource, noDuration, emptyLists, subtitled}) {
    expectRoundTrip(state);
  }
}

TEST(StateWriter, RoundTripsAwkwardNumbers) {
  for (const double value : {0.1, 1e-7, 123456.789, 1e20, 5e-324, 1.0 / 3.0, 7199.999999999999,
                             42.0, 9007199254740993.0, 1.7976931348623157e308, 2.5e-300}) {
    PlaybackState state = pausedAt(value);
    state.rate = value;
    state.source->duration_s = value;
    expectRoundTrip(state);
  }
  PlaybackState big = pausedAt(1.0);
  big.epoch = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  big.version = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - 1;
  big.ref_server_ms = std::numeric_limits<std::int64_t>::max();
  expectRoundTrip(big);
  big.ref_server_ms = std::numeric_limits<std::int64_t>::min();
  expectRoundTrip(big);
  big.ref_server_ms = 0;
  big.epoch = 0;
  big.version = 0;
  expectRoundTrip(big);
}

TEST(StateWriter, NegativeZeroReadsBackAsZero) {
  PlaybackState state = pausedAt(-0.0);
  state.rate = -0.0;
  const PlaybackState parsed = playbackStateFromJsonString(toJsonString(state));
  EXPECT_EQ(parsed, state);  // -0.0 == 0.0
  EXPECT_EQ(parsed.position_s, 0.0);
}

// Doubles whose shortest form is a plain integer beyond the uint64 range (std::to_chars picks
// fixed notation when it is not longer) would read back wrong with Poco 1.11 (2^64 as 0, others
// refused), so the writer uses exponents from 2^53 up. Clients cannot seek that far
// (kMaxPositionS), but duration_s comes from provider plugins.
TEST(StateWriter, RoundTripsDoublesBeyondTheIntegerRange) {
  for (const double value :
       {18446744073709551616.0, 1.2345678901234568e21, -1.2345678901234567e19}) {
    PlaybackState state = pausedAt(value);
    state.source->duration_s.reset();
    expectRoundTrip(state);
  }
}

TEST(StateWriter, RoundTripsHostileStrings) {
  const std::string texts[] = {
      "",
      "plain",
      "q\"uote",
      "back\\slash\\",
      "\\\"",
      "line\nfeed\rcr\ttab",
      "\x01\x02\x1f",
      "del\x7f",
      std::string("nul\0byte", 8),
      "Zo\xC3\xAB \xF0\x9F\x8E\xAC",  // "Zoë 🎬"
      "\xE2\x80\xA8\xE2\x80\xA9",     // U+2028, U+2029
      "</script><b>&amp;",
      "\xF4\x8F\xBF\xBF",  // U+10FFFF
      "/\\u0041",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    expectRoundTrip(withStrings(text));
  }
}

TEST(StateWriter, InvalidUtf8IsReplacedAndStillParses) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a\xFF"
       "b",
       "a" + kReplacement + "b"},
      {"\xC3", kReplacement},  // truncated sequence at the end
      {"\xC3("
       "x",
       kReplacement + "(x"},                                         // bad continuation
      {"\xC0\xAF", kReplacement + kReplacement},                     // overlong
      {"\xED\xA0\x80", kReplacement + kReplacement + kReplacement},  // surrogate
      {"\xF4\x90\x80\x80", kReplacement + kReplacement + kReplacement + kReplacement},
      {"ok\xE2\x82", "ok" + kReplacement + kReplacement},
  };
  for (const auto& [raw, expected] : cases) {
    SCOPED_TRACE(expected);
    PlaybackState state = withStrings(raw);
    const std::string text = toJsonString(state);
    expectWireSafe(text);
    EXPECT_NE(text.find(kReplacement), std::string::npos) << text;
    PlaybackState parsed;
    ASSERT_NO_THROW(parsed = playbackStateFromJsonString(text)) << text;
    EXPECT_EQ(parsed.quality, expected);
    EXPECT_EQ(parsed.subtitle, expected);
    ASSERT_TRUE(parsed.source.has_value());
    EXPECT_EQ(parsed.source->provider, expected);
    EXPECT_EQ(parsed.source->qualities, (std::vector<std::string>{expected, "", expected}));
    EXPECT_EQ(parsed.source->subtitles, std::vector<std::string>{expected});
    // The replaced state is a fixed point.
    EXPECT_EQ(toJsonString(parsed), text);
  }
}

TEST(StateWriter, WritesExactlyTheContractKeys) {
  PlaybackState state = playingFrom(61.5, kNow + 300, 9);
  state.subtitle = "en";
  const std::string text = toJsonString(state);
  ASSERT_EQ(text.front(), '{');
  ASSERT_EQ(text.back(), '}');
  const auto object = parseObject(text);
  EXPECT_EQ(keysOf(*object),
            (std::set<std::string>{"epoch", "version", "status", "position_s", "ref_server_ms",
                                   "rate", "source", "quality", "subtitle"}));
  EXPECT_EQ(object->size(), 9u);
  EXPECT_EQ(object->getValue<Poco::Int64>("epoch"), 3);
  EXPECT_EQ(object->getValue<Poco::Int64>("version"), 9);
  EXPECT_EQ(object->getValue<std::string>("status"), "playing");
  EXPECT_EQ(object->getValue<double>("position_s"), 61.5);
  EXPECT_EQ(object->getValue<Poco::Int64>("ref_server_ms"), kNow + 300);
  EXPECT_EQ(object->getValue<std::string>("subtitle"), "en");
  EXPECT_EQ(object->getValue<std::string>("quality"), "auto");
  const auto source = object->getObject("source");
  ASSERT_FALSE(source.isNull());
  EXPECT_EQ(keysOf(*source),
            (std::set<std::string>{"provider", "stream_id", "kind", "url", "embed_url",
                                   "duration_s", "qualities", "subtitles"}));
  EXPECT_EQ(source->getValue<double>("duration_s"), 7200.0);
  EXPECT_EQ(source->getArray("qualities")->size(), 2u);

  // Absent optionals are written as null, never left out.
  PlaybackState bare;
  bare.source = movie();
  bare.source->duration_s.reset();
  const auto nulls = parseObject(toJsonString(bare));
  EXPECT_EQ(nulls->size(), 9u);
  EXPECT_TRUE(nulls->isNull("subtitle"));
  EXPECT_TRUE(nulls->getObject("source")->isNull("duration_s"));
  EXPECT_TRUE(parseObject(toJsonString(PlaybackState{}))->isNull("source"));
}

TEST(StateWriter, AgreesWithThePocoWriter) {
  PlaybackState state = withStrings("Zo\xC3\xAB \"x\"\n");
  state.rate = 0.75;
  state.position_s = 123.456789012345;
  const auto direct = parseObject(toJsonString(state));
  EXPECT_EQ(playbackStateFromJson(*direct), playbackStateFromJson(*toJson(state)));
  EXPECT_EQ(playbackStateFromJson(*direct), state);
}

TEST(StateWriter, AppendStateMembersAppendsWithoutBraces) {
  const PlaybackState state = pausedAt(4.25);
  std::string out = "{\"before\":1,";
  appendStateMembers(out, state);
  out += ",\"after\":2}";
  ASSERT_EQ(out.rfind("{\"before\":1,\"epoch\":", 0), 0u) << out;
  Poco::JSON::Object object(*parseObject(out));
  EXPECT_EQ(object.getValue<int>("before"), 1);
  EXPECT_EQ(object.getValue<int>("after"), 2);
  object.remove("before");
  object.remove("after");
  EXPECT_EQ(playbackStateFromJson(object), state);
  std::string alone;
  appendStateMembers(alone, state);
  EXPECT_EQ("{" + alone + "}", toJsonString(state));
}

// Random states from awkward pieces: every one round-trips and its bytes are stable.
TEST(StateWriter, RandomStatesRoundTrip) {
  std::mt19937_64 random(20261124);
  const std::vector<std::string> pieces = {
      "",           "a",
      "Zo\xC3\xAB", "\xF0\x9F\x8E\xAC",
      "\"",         "\\",
      "\n",         "\r",
      "\t",         "\x01",
      "\x1f",       "\x7f",
      "/",          "\xE2\x80\xA8",
      "{}",         "</script>",
      "\\u0000",    " ",
      "720p",
  };
  const std::vector<double> special = {0.0, 0.1, 1e-7, 123456.789, 1e20, 5e-324, 7200.0, 1.0 / 3.0};
  auto pick = [&](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(random));
  };
  auto chance = [&] { return std::bernoulli_distribution(0.5)(random); };
  auto text = [&] {
    std::string out;
    const std::size_t parts = pick(6);
    for (std::size_t i = 0; i < parts; ++i)
      out += pieces[pick(pieces.size())];
    return out;
  };
  // Finite doubles below 2^63 in magnitude (see the disabled test above for larger ones).
  auto number = [&] {
    switch (pick(3)) {
      case 0:
        return special[pick(special.size())];
      case 1:
        return std::uniform_real_distribution<double>(0.0, 1e7)(random);
      default: {
        const double mantissa = std::uniform_real_distribution<double>(0.5, 1.0)(random);
        const int exponent = std::uniform_int_distribution<int>(-1074, 62)(random);
        const double value = std::ldexp(mantissa, exponent);
        // -0.0 reads back as 0.0 and would be written "0": not a byte-stable value.
        return value == 0.0 || chance() ? value : -value;
      }
    }
  };
  auto strings = [&] {
    std::vector<std::string> out(pick(4));
    for (auto& s : out)
      s = text();
    return out;
  };
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  for (int i = 0; i < 500; ++i) {
    PlaybackState state;
    state.epoch = std::uniform_int_distribution<std::uint64_t>(0, kMax)(random);
    state.version = std::uniform_int_distribution<std::uint64_t>(0, chance() ? 100 : kMax)(random);
    state.status = chance() ? PlaybackStatus::kPlaying : PlaybackStatus::kPaused;
    state.position_s = number();
    // Poco 1.11 reads negative integers below -2^53 through a double (a reader limitation,
    // not the writer's); instants are positive anyway.
    state.ref_server_ms =
        std::uniform_int_distribution<std::int64_t>(-(std::int64_t{1} << 53), kMax)(random);
    state.rate = number();
    state.quality = text();
    if (chance())
      state.subtitle = text();
    if (chance()) {
      PlaybackSource source;
      source.provider = text();
      source.stream_id = text();
      source.kind = text();
      source.url = text();
      source.embed_url = text();
      if (chance())
        source.duration_s = number();
      source.qualities = strings();
      source.subtitles = strings();
      state.source = std::move(source);
    }
    SCOPED_TRACE("state " + std::to_string(i));
    expectRoundTrip(state);
    if (HasFatalFailure() || HasNonfatalFailure())
      return;  // one failing state is enough to read
  }
}

}  // namespace
}  // namespace streamit::playback
