#include "hub/playback_lead.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace streamit::hub {
namespace {

using Remote = std::unordered_map<std::string, std::int64_t>;

LeadSettings settings() {
  LeadSettings s;
  s.no_samples_ms = 300;
  s.min_ms = 150;
  s.max_ms = 1500;
  s.margin_ms = 20;
  s.buffering_wait_ms = 1500;
  return s;
}

TEST(PlaybackLeadTest, FallsBackBeforeAnyDelayIsKnown) {
  EXPECT_EQ(playbackLeadMs({}, {}, false, settings()), 300);
}

TEST(PlaybackLeadTest, IsTwiceTheP90PlusTheMargin) {
  // Ten members, 10..100 ms: the nearest-rank p90 is 90 ms → 2 × 90 + 20.
  std::vector<double> delays;
  for (int i = 1; i <= 10; ++i)
    delays.push_back(10.0 * i);
  EXPECT_EQ(playbackLeadMs(delays, {}, false, settings()), 200);
}

TEST(PlaybackLeadTest, StaysWithinMinAndMax) {
  const std::vector<double> fast{1.0, 2.0};
  const std::vector<double> slow{2000.0};
  EXPECT_EQ(playbackLeadMs(fast, {}, false, settings()), 150);
  EXPECT_EQ(playbackLeadMs(slow, {}, false, settings()), 1500);
}

TEST(PlaybackLeadTest, ASlowerOtherNodeLengthensTheLead) {
  const std::vector<double> local{100.0};  // 220 here
  EXPECT_EQ(playbackLeadMs(local, Remote{{"b", 200}, {"c", 50}}, false, settings()), 420);
}

TEST(PlaybackLeadTest, AFasterOtherNodeDoesNotShortenIt) {
  const std::vector<double> local{100.0};
  EXPECT_EQ(playbackLeadMs(local, Remote{{"b", 10}}, false, settings()), 220);
}

TEST(PlaybackLeadTest, OnlyOtherNodesMeasuredUsesTheirP90NotTheFallback) {
  // No local member measured: the remote lead (2 × 40 + 20 = 100 → min 150), not 300.
  EXPECT_EQ(playbackLeadMs({}, Remote{{"b", 40}}, false, settings()), 150);
  EXPECT_EQ(playbackLeadMs({}, Remote{{"b", 200}}, false, settings()), 420);
}

TEST(PlaybackLeadTest, BufferingWaitsOnTopButNeverShortens) {
  const std::vector<double> local{100.0};
  EXPECT_EQ(playbackLeadMs(local, {}, true, settings()), 1500);
  auto s = settings();
  s.buffering_wait_ms = 100;  // shorter than the measured lead: the lead stands
  EXPECT_EQ(playbackLeadMs(local, {}, true, s), 220);
}

TEST(PlaybackLeadTest, SettingsComeFromTheHubConfig) {
  HubConfig config;
  config.playback_lead_ms = 1;
  config.playback_lead_min_ms = 2;
  config.playback_lead_max_ms = 3;
  config.buffering_wait_ms = 4;
  const auto s = LeadSettings::from(config);
  EXPECT_EQ(s.no_samples_ms, 1);
  EXPECT_EQ(s.min_ms, 2);
  EXPECT_EQ(s.max_ms, 3);
  EXPECT_EQ(s.buffering_wait_ms, 4);
  EXPECT_EQ(s.margin_ms, 20);
}

TEST(PlaybackLeadTest, OneWayDelayIsHalfTheRoundTripOfMeasuredMembers) {
  std::unordered_map<gateway::ConnectionId, std::shared_ptr<Member>> members;
  members[1] = std::make_shared<Member>();
  members[1]->rtt_us.store(200'000);
  members[2] = std::make_shared<Member>();  // not measured yet (-1)
  members[3] = std::make_shared<Member>();
  members[3]->rtt_us.store(0);
  auto delays = oneWayDelaysMs(members);
  std::sort(delays.begin(), delays.end());
  EXPECT_EQ(delays, (std::vector<double>{0.0, 100.0}));
}

TEST(PlaybackLeadTest, BufferingReportsExpireAfterTheirTtl) {
  std::unordered_map<std::string, std::int64_t> buffering{
      {"old", 1'000}, {"edge", 10'000}, {"fresh", 39'000}};
  expireBufferingReports(buffering, 10'000 + kBufferingReportTtlMs);
  EXPECT_EQ(buffering.count("old"), 0U);
  EXPECT_EQ(buffering.count("edge"), 1U);  // exactly the TTL old still counts
  EXPECT_EQ(buffering.count("fresh"), 1U);
}

}  // namespace
}  // namespace streamit::hub
