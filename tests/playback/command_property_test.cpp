#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "playback/commands.h"
#include "playback/playback_state.h"
#include "playback/test_states.h"

namespace streamit::playback {
namespace {

// Positions include the values validation must catch.
double randomPosition(std::mt19937_64& rng) {
  static const std::vector<double> kSpecial = {std::numeric_limits<double>::quiet_NaN(),
                                               std::numeric_limits<double>::infinity(),
                                               -std::numeric_limits<double>::infinity(),
                                               -1.0,
                                               0.0,
                                               7200.0,
                                               7200.5,
                                               1e18};
  if (std::uniform_int_distribution<int>(0, 4)(rng) == 0) {
    return kSpecial[std::uniform_int_distribution<std::size_t>(0, kSpecial.size() - 1)(rng)];
  }
  return std::uniform_real_distribution<double>(0.0, 7200.0)(rng);
}

PlaybackCommand randomCommand(std::mt19937_64& rng, std::uint64_t currentVersion) {
  PlaybackCommand command;
  const auto maybePosition = [&]() -> std::optional<double> {
    if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) {
      return std::nullopt;
    }
    return randomPosition(rng);
  };
  switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
    case 0:
      command.action = PlayCommand{maybePosition()};
      break;
    case 1:
      command.action = PauseCommand{maybePosition()};
      break;
    case 2:
      command.action = SeekCommand{randomPosition(rng)};
      break;
    case 3: {
      static const std::vector<std::string> kQualities = {"auto", "1080p", "720p", "4k", ""};
      command.action = ChangeQualityCommand{
          kQualities[std::uniform_int_distribution<std::size_t>(0, kQualities.size() - 1)(rng)]};
      break;
    }
    case 4: {
      static const std::vector<std::optional<std::string>> kSubtitles = {std::nullopt, "en", "fr",
                                                                         "xx"};
      command.action = ChangeSubtitleCommand{
          kSubtitles[std::uniform_int_distribution<std::size_t>(0, kSubtitles.size() - 1)(rng)]};
      break;
    }
    default: {
      PlaybackSource source = test::movie();
      source.stream_id = "s" + std::to_string(rng() % 5);
      if (rng() % 4 == 0) {
        source.provider.clear();
      }
      command.action = SetSourceCommand{source};
      break;
    }
  }
  switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
    case 0:
      command.expected_version = currentVersion;
      break;
    case 1:
      command.expected_version = currentVersion == 0 ? 1 : currentVersion - 1;
      break;
    default:
      break;
  }
  return command;
}

TEST(CommandProperty, RandomSequencesKeepTheInvariants) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    PlaybackState state = test::pausedAt(0.0, 0);
    std::int64_t now = test::kNow;
    for (int step = 0; step < 300; ++step) {
      now += std::uniform_int_distribution<std::int64_t>(0, 5'000)(rng);
      const bool isHost = std::uniform_int_distribution<int>(0, 2)(rng) != 0;
      const std::int64_t lead = std::uniform_int_distribution<std::int64_t>(0, 1'000)(rng);
      const PlaybackCommand command = randomCommand(rng, state.version);
      const CommandResult result = applyCommand(state, command, isHost, now, lead);

      if (!isHost) {
        ASSERT_EQ(result.rejection, RejectReason::kNotHost);
      }
      if (result.accepted()) {
        ASSERT_TRUE(isHost);
        ASSERT_EQ(result.state.version, state.version + 1);
        ASSERT_EQ(result.state.epoch, state.epoch);
        // Every accepted state is self-consistent and serializable.
        ASSERT_TRUE(std::isfinite(result.state.position_s));
        ASSERT_GE(result.state.position_s, 0.0);
        if (result.state.source && result.state.source->duration_s) {
          ASSERT_LE(result.state.position_s, *result.state.source->duration_s);
        }
        // Never scheduled further out than the largest lead used.
        ASSERT_LE(result.state.ref_server_ms, now + 1'000);
        ASSERT_EQ(playbackStateFromJsonString(toJsonString(result.state)), result.state);
      } else {
        ASSERT_EQ(result.state, state) << "a rejected command changed the state";
      }
      ASSERT_GE(result.state.version, state.version);
      const double derived = positionAt(result.state, now + 10'000);
      ASSERT_TRUE(std::isfinite(derived));
      state = result.state;
    }
  }
}

}  // namespace
}  // namespace streamit::playback
