#include "playback/commands.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "playback/test_states.h"

namespace streamit::playback {
namespace {

using test::kLead;
using test::kNow;
using test::movie;
using test::pausedAt;
using test::playingFrom;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

CommandResult host(const PlaybackState& state, PlaybackAction action,
                   std::optional<std::uint64_t> expected = std::nullopt) {
  return applyCommand(state, PlaybackCommand{std::move(action), expected}, true, kNow, kLead);
}

void expectRejected(const CommandResult& result, const PlaybackState& before, RejectReason reason) {
  EXPECT_FALSE(result.accepted());
  EXPECT_EQ(result.rejection, reason) << result.message;
  EXPECT_EQ(result.state, before);
  EXPECT_FALSE(result.message.empty());
}

TEST(Commands, NonHostChangesNothing) {
  const PlaybackState state = pausedAt(10.0);
  const std::vector<PlaybackAction> actions = {PlayCommand{},
                                               PauseCommand{},
                                               SeekCommand{20.0},
                                               ChangeQualityCommand{"720p"},
                                               ChangeSubtitleCommand{"en"},
                                               SetSourceCommand{movie()}};
  for (const PlaybackAction& action : actions) {
    // Even a stale or invalid non-host command gets NOT_HOST, never CONFLICT/VALIDATION.
    for (const std::optional<std::uint64_t> expected :
         {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{1}}) {
      const CommandResult result =
          applyCommand(state, PlaybackCommand{action, expected}, false, kNow, kLead);
      expectRejected(result, state, RejectReason::kNotHost);
    }
  }
  expectRejected(applyCommand(state, PlaybackCommand{SeekCommand{kNaN}, {}}, false, kNow, kLead),
                 state, RejectReason::kNotHost);
}

TEST(Commands, AcceptedBumpsVersionOnly) {
  const PlaybackState state = pausedAt(10.0, 41);
  const CommandResult result = host(state, ChangeQualityCommand{"720p"});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.version, 42u);
  EXPECT_EQ(result.state.epoch, state.epoch);
  EXPECT_EQ(result.state.quality, "720p");
}

TEST(Commands, ExpectedVersionConflict) {
  const PlaybackState state = pausedAt(10.0, 7);
  expectRejected(host(state, PlayCommand{}, 6), state, RejectReason::kConflict);
  expectRejected(host(state, PlayCommand{}, 8), state, RejectReason::kConflict);
  const CommandResult ok = host(state, PlayCommand{}, 7);
  ASSERT_TRUE(ok.accepted());
  EXPECT_EQ(ok.state.version, 8u);
}

TEST(Commands, PlayFromPauseIsScheduled) {
  const CommandResult result = host(pausedAt(10.0), PlayCommand{});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.status, PlaybackStatus::kPlaying);
  EXPECT_DOUBLE_EQ(result.state.position_s, 10.0);
  EXPECT_EQ(result.state.ref_server_ms, kNow + kLead);
  // Everyone holds frame 10.0 until the start instant, then advances together.
  EXPECT_DOUBLE_EQ(positionAt(result.state, kNow + 100), 10.0);
  EXPECT_DOUBLE_EQ(positionAt(result.state, kNow + kLead + 1000), 11.0);
}

TEST(Commands, PlayAtGivenPosition) {
  const CommandResult result = host(pausedAt(10.0), PlayCommand{60.0});
  ASSERT_TRUE(result.accepted());
  EXPECT_DOUBLE_EQ(result.state.position_s, 60.0);
  EXPECT_EQ(result.state.ref_server_ms, kNow + kLead);
}

TEST(Commands, PlayWhilePlayingKeepsTimeline) {
  const PlaybackState state = playingFrom(10.0, kNow - 2'000);
  const CommandResult result = host(state, PlayCommand{});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.version, state.version + 1);
  EXPECT_DOUBLE_EQ(positionAt(result.state, kNow), 12.0);
  EXPECT_EQ(result.state.ref_server_ms, state.ref_server_ms);
}

TEST(Commands, PlayWithoutSourceIsInvalid) {
  PlaybackState state = pausedAt(0.0);
  state.source.reset();
  expectRejected(host(state, PlayCommand{}), state, RejectReason::kValidation);
  expectRejected(host(state, SeekCommand{1.0}), state, RejectReason::kValidation);
}

TEST(Commands, NegativeLeadIsTreatedAsZero) {
  const CommandResult result =
      applyCommand(pausedAt(1.0), PlaybackCommand{PlayCommand{}, {}}, true, kNow, -50);
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.ref_server_ms, kNow);
}

TEST(Commands, PauseFreezesAtCurrentPosition) {
  const PlaybackState state = playingFrom(10.0, kNow - 2'500);
  const CommandResult result = host(state, PauseCommand{});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.status, PlaybackStatus::kPaused);
  EXPECT_DOUBLE_EQ(result.state.position_s, 12.5);
  EXPECT_EQ(result.state.ref_server_ms, kNow);
  EXPECT_DOUBLE_EQ(positionAt(result.state, kNow + 10'000), 12.5);
}

TEST(Commands, PauseDuringLeadWindowFreezesAtScheduledPosition) {
  const PlaybackState state = playingFrom(10.0, kNow + 200);
  const CommandResult result = host(state, PauseCommand{});
  ASSERT_TRUE(result.accepted());
  EXPECT_DOUBLE_EQ(result.state.position_s, 10.0);
}

TEST(Commands, PauseAtGivenPosition) {
  const CommandResult result = host(playingFrom(10.0, kNow - 2'500), PauseCommand{11.9});
  ASSERT_TRUE(result.accepted());
  EXPECT_DOUBLE_EQ(result.state.position_s, 11.9);
}

TEST(Commands, PauseClampsAtDuration) {
  const CommandResult result = host(playingFrom(7199.0, kNow - 5'000), PauseCommand{});
  ASSERT_TRUE(result.accepted());
  EXPECT_DOUBLE_EQ(result.state.position_s, 7200.0);
}

TEST(Commands, SeekWhilePausedTakesEffectNow) {
  const CommandResult result = host(pausedAt(10.0), SeekCommand{300.0});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.status, PlaybackStatus::kPaused);
  EXPECT_DOUBLE_EQ(result.state.position_s, 300.0);
  EXPECT_EQ(result.state.ref_server_ms, kNow);
}

TEST(Commands, SeekWhilePlayingIsScheduled) {
  const CommandResult result = host(playingFrom(10.0, kNow - 1'000), SeekCommand{300.0});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.status, PlaybackStatus::kPlaying);
  EXPECT_DOUBLE_EQ(result.state.position_s, 300.0);
  EXPECT_EQ(result.state.ref_server_ms, kNow + kLead);
  EXPECT_DOUBLE_EQ(positionAt(result.state, kNow + kLead + 500), 300.5);
}

TEST(Commands, SeekToEndIsAllowedBeyondIsNot) {
  const PlaybackState state = pausedAt(10.0);
  EXPECT_TRUE(host(state, SeekCommand{7200.0}).accepted());
  EXPECT_TRUE(host(state, SeekCommand{0.0}).accepted());
  expectRejected(host(state, SeekCommand{7200.001}), state, RejectReason::kValidation);
}

TEST(Commands, InvalidPositionsAreRejected) {
  const PlaybackState state = pausedAt(10.0);
  for (const double bad : {kNaN, kInf, -kInf, -0.001, -1.0}) {
    expectRejected(host(state, SeekCommand{bad}), state, RejectReason::kValidation);
    expectRejected(host(state, PlayCommand{bad}), state, RejectReason::kValidation);
    expectRejected(host(state, PauseCommand{bad}), state, RejectReason::kValidation);
  }
}

TEST(Commands, UnknownDurationAllowsAnyFinitePosition) {
  PlaybackState state = pausedAt(10.0);
  state.source->duration_s.reset();
  EXPECT_TRUE(host(state, SeekCommand{1e6}).accepted());
  expectRejected(host(state, SeekCommand{kInf}), state, RejectReason::kValidation);
}

TEST(Commands, QualityChanges) {
  const PlaybackState state = playingFrom(10.0, kNow - 1'000);
  const CommandResult result = host(state, ChangeQualityCommand{"1080p"});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.quality, "1080p");
  // The timeline is untouched.
  EXPECT_EQ(result.state.ref_server_ms, state.ref_server_ms);
  EXPECT_EQ(result.state.status, PlaybackStatus::kPlaying);
  EXPECT_TRUE(host(state, ChangeQualityCommand{"auto"}).accepted());
  expectRejected(host(state, ChangeQualityCommand{"4k"}), state, RejectReason::kValidation);
  expectRejected(host(state, ChangeQualityCommand{""}), state, RejectReason::kValidation);
}

TEST(Commands, SubtitleChanges) {
  const PlaybackState state = pausedAt(10.0);
  const CommandResult on = host(state, ChangeSubtitleCommand{"en"});
  ASSERT_TRUE(on.accepted());
  EXPECT_EQ(on.state.subtitle, "en");
  const CommandResult off = host(on.state, ChangeSubtitleCommand{std::nullopt});
  ASSERT_TRUE(off.accepted());
  EXPECT_EQ(off.state.subtitle, std::nullopt);
  EXPECT_EQ(off.state.version, state.version + 2);
  expectRejected(host(state, ChangeSubtitleCommand{"klingon"}), state, RejectReason::kValidation);
}

TEST(Commands, SetSourceResetsPlayback) {
  PlaybackState state = playingFrom(500.0, kNow - 1'000);
  state.quality = "720p";
  state.subtitle = "fr";
  PlaybackSource next = movie();
  next.stream_id = "movie-43";
  next.duration_s.reset();
  const CommandResult result = host(state, SetSourceCommand{next});
  ASSERT_TRUE(result.accepted());
  EXPECT_EQ(result.state.source, next);
  EXPECT_EQ(result.state.status, PlaybackStatus::kPaused);
  EXPECT_DOUBLE_EQ(result.state.position_s, 0.0);
  EXPECT_EQ(result.state.ref_server_ms, kNow);
  EXPECT_EQ(result.state.quality, "auto");
  EXPECT_EQ(result.state.subtitle, std::nullopt);
  EXPECT_EQ(result.state.epoch, state.epoch);
  EXPECT_EQ(result.state.version, state.version + 1);
}

TEST(Commands, SetSourceValidation) {
  const PlaybackState state = pausedAt(10.0);
  std::vector<PlaybackSource> bad(8, movie());
  bad[0].provider.clear();
  bad[1].stream_id.clear();
  bad[2].kind.clear();
  bad[3].url.clear();  // and no embed_url
  bad[4].duration_s = kNaN;
  bad[5].duration_s = -1.0;
  bad[6].duration_s = 0.0;
  bad[7].qualities.push_back("");
  for (const PlaybackSource& source : bad) {
    expectRejected(host(state, SetSourceCommand{source}), state, RejectReason::kValidation);
  }
  expectRejected(host(state, SetSourceCommand{PlaybackSource{}}), state, RejectReason::kValidation);
  PlaybackSource embed = movie();
  embed.url.clear();
  embed.embed_url = "https://embed.example/e/1";
  EXPECT_TRUE(host(state, SetSourceCommand{embed}).accepted());
}

TEST(Commands, RejectReasonNames) {
  EXPECT_EQ(toString(RejectReason::kNotHost), "NOT_HOST");
  EXPECT_EQ(toString(RejectReason::kConflict), "CONFLICT");
  EXPECT_EQ(toString(RejectReason::kValidation), "VALIDATION");
}

TEST(LeadTime, ClampedTwiceP90PlusMargin) {
  const LeadPolicy policy;  // 100..1000 ms, margin 20
  std::vector<double> delays;
  for (int i = 1; i <= 10; ++i) {
    delays.push_back(10.0 * i);  // 10..100: nearest-rank p90 = 90
  }
  EXPECT_EQ(computeLeadMs(delays, policy), 2 * 90 + 20);
}

TEST(LeadTime, P90IsTheNearestRankOfTheUsableSamples) {
  std::vector<double> delays;
  for (int i = 10; i >= 1; --i) {
    delays.push_back(10.0 * i);
  }
  EXPECT_EQ(delayP90(delays), 90.0);
  EXPECT_EQ(delayP90(std::vector<double>{7.0}), 7.0);
  EXPECT_EQ(delayP90(std::vector<double>{-1.0, std::nan(""), 3.0}), 3.0);
  EXPECT_FALSE(delayP90({}));
  EXPECT_FALSE(delayP90(std::vector<double>{-5.0, std::numeric_limits<double>::infinity()}));
}

TEST(LeadTime, Bounds) {
  const LeadPolicy policy;
  const std::vector<double> fast = {1.0, 2.0, 3.0};
  EXPECT_EQ(computeLeadMs(fast, policy), policy.min_ms);
  const std::vector<double> slow = {800.0, 900.0, 5000.0};
  EXPECT_EQ(computeLeadMs(slow, policy), policy.max_ms);
  EXPECT_EQ(computeLeadMs({}, policy), policy.no_samples_ms);
}

TEST(LeadTime, IgnoresGarbageSamples) {
  const std::vector<double> delays = {kNaN, kInf, -5.0, 200.0};
  EXPECT_EQ(computeLeadMs(delays), 2 * 200 + 20);
  const std::vector<double> onlyGarbage = {kNaN, -1.0};
  EXPECT_EQ(computeLeadMs(onlyGarbage), LeadPolicy{}.no_samples_ms);
}

TEST(LeadTime, OneOutlierDoesNotDominate) {
  std::vector<double> delays(19, 50.0);
  delays.push_back(900.0);  // 1 of 20 is above p90
  EXPECT_EQ(computeLeadMs(delays), 2 * 50 + 20);
}

}  // namespace
}  // namespace streamit::playback
