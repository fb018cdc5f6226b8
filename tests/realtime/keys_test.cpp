#include "realtime/keys.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "realtime/glob.h"
#include "realtime/reconnect_backoff.h"

namespace streamit::realtime {
namespace {

TEST(RealtimeKeys, RoomKeysUseTheCodeAsHashTag) {
  EXPECT_EQ(keys::roomState("ABC"), "room:{ABC}:state");
  EXPECT_EQ(keys::roomParticipants("ABC"), "room:{ABC}:participants");
  EXPECT_EQ(keys::roomHostStatus("ABC"), "room:{ABC}:host_status");
  EXPECT_EQ(keys::roomChat("ABC"), "room:{ABC}:chat");
  EXPECT_EQ(keys::roomChannel("ABC"), "room:{ABC}:events");
}

TEST(RealtimeKeys, OtherKeys) {
  EXPECT_EQ(keys::rateLimit("chat", "user-1"), "ratelimit:chat:{user-1}");
  EXPECT_EQ(keys::pluginCache("auth.oidc", "jwks"), "plugin:{auth.oidc}:cache:jwks");
  EXPECT_EQ(keys::wsTicket("t_1"), "wsticket:{t_1}");
  EXPECT_EQ(keys::revokedJti("a.b:c"), "revoked:jti:{a.b:c}");
}

TEST(RealtimeKeys, RejectsCharactersOutsideTheAllowedSet) {
  const std::vector<std::string> bads = {
      "", "a b", "a{b", "a}b", "a*", "a?", "a[b]", "ä", "a/b", std::string("a\0b", 3), "a\r\n"};
  for (const std::string& bad : bads) {
    EXPECT_THROW(keys::roomState(bad), std::invalid_argument) << bad;
    EXPECT_THROW(keys::rateLimit("chat", bad), std::invalid_argument) << bad;
    EXPECT_THROW(keys::rateLimit(bad, "x"), std::invalid_argument) << bad;
    EXPECT_THROW(keys::pluginCache(bad, "k"), std::invalid_argument) << bad;
    EXPECT_THROW(keys::pluginCache("p", bad), std::invalid_argument) << bad;
    EXPECT_THROW(keys::wsTicket(bad), std::invalid_argument) << bad;
    EXPECT_THROW(keys::revokedJti(bad), std::invalid_argument) << bad;
  }
  EXPECT_NO_THROW(keys::roomState("Az09_.:-"));
}

TEST(RealtimeGlob, MatchesLikeRedis) {
  EXPECT_TRUE(globMatch("*", ""));
  EXPECT_TRUE(globMatch("room:*:state", "room:{A}:state"));
  EXPECT_FALSE(globMatch("room:*:state", "room:{A}:chat"));
  EXPECT_TRUE(globMatch("h?llo", "hello"));
  EXPECT_FALSE(globMatch("h?llo", "hllo"));
  EXPECT_TRUE(globMatch("h[ae]llo", "hallo"));
  EXPECT_FALSE(globMatch("h[^e]llo", "hello"));
  EXPECT_TRUE(globMatch("h[a-c]llo", "hbllo"));
  EXPECT_TRUE(globMatch("a\\*b", "a*b"));
  EXPECT_FALSE(globMatch("a\\*b", "axb"));
  EXPECT_TRUE(globMatch("*a*b*", "xxaxxbxx"));
}

TEST(RealtimeGlob, EscapedLiteralMatchesOnlyItself) {
  const std::string literal = "we*ird?[pre]fix\\";
  EXPECT_TRUE(globMatch(globEscape(literal), literal));
  EXPECT_FALSE(globMatch(globEscape(literal), "weXirdY[pre]fix\\"));
  EXPECT_TRUE(globMatch(globEscape(literal) + "*", literal + "room:{A}:state"));
}

TEST(ReconnectBackoff, DoublesUpToMaxAndResetsOnSuccess) {
  using std::chrono::milliseconds;
  ReconnectBackoff backoff(milliseconds(50), milliseconds(300));
  const auto t0 = ReconnectBackoff::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_TRUE(backoff.beginAttempt(t0));
  backoff.onFailure(t0);
  EXPECT_EQ(backoff.currentDelay(), milliseconds(50));
  EXPECT_FALSE(backoff.beginAttempt(t0 + milliseconds(49)));
  EXPECT_TRUE(backoff.beginAttempt(t0 + milliseconds(50)));
  // The slot is reserved: a second caller in the same window fails fast.
  EXPECT_FALSE(backoff.beginAttempt(t0 + milliseconds(51)));
  backoff.onFailure(t0 + milliseconds(60));
  EXPECT_EQ(backoff.currentDelay(), milliseconds(100));
  backoff.onFailure(t0);
  backoff.onFailure(t0);
  backoff.onFailure(t0);
  EXPECT_EQ(backoff.currentDelay(), milliseconds(300));
  backoff.onSuccess();
  EXPECT_FALSE(backoff.failing());
  EXPECT_TRUE(backoff.beginAttempt(t0));
  backoff.onFailure(t0);
  EXPECT_EQ(backoff.currentDelay(), milliseconds(50));
}

}  // namespace
}  // namespace streamit::realtime
