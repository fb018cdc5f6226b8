// The 8-byte send-time stamp our pings carry (gateway/ping_stamp.h), and which pongs are believed.

#include "gateway/ping_stamp.h"

#include <gtest/gtest.h>

#include <string>

namespace streamit::gateway {
namespace {

constexpr std::int64_t kIntervalMs = 15000;
constexpr std::int64_t kNowUs = 1'000'000'000;

TEST(PingStamp, RoundTripsBigEndian) {
  const std::string stamp = encodePingStamp(0x0102030405060708);
  EXPECT_EQ(stamp, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  for (const std::int64_t value :
       {std::int64_t{0}, std::int64_t{1}, kNowUs, std::int64_t{0x7FFFFFFFFFFFFFFF}}) {
    EXPECT_EQ(decodePingStamp(encodePingStamp(value)), value);
  }
}

TEST(PingStamp, StampedPingIsAPingFrameCarryingTheStamp) {
  const auto frame = stampedPing(kNowUs);
  // Server frames are unmasked (the parser only takes masked client frames): check the bytes.
  ASSERT_EQ(frame->size(), 2 + kPingStampBytes);
  EXPECT_EQ(static_cast<unsigned char>((*frame)[0]), 0x89);  // FIN + ping
  EXPECT_EQ(static_cast<unsigned char>((*frame)[1]), kPingStampBytes);
  EXPECT_EQ(decodePingStamp(std::string_view(*frame).substr(2)), kNowUs);
}

TEST(PingStamp, ForeignPayloadsAreNotStamps) {
  EXPECT_FALSE(decodePingStamp(""));           // an unsolicited empty pong
  EXPECT_FALSE(decodePingStamp("1234567"));    // 7 bytes
  EXPECT_FALSE(decodePingStamp("123456789"));  // 9 bytes
  EXPECT_FALSE(roundTripUs("hello", kNowUs, kIntervalMs));
}

TEST(PingStamp, GenuinePongGivesTheRoundTrip) {
  EXPECT_EQ(roundTripUs(encodePingStamp(kNowUs - 1234), kNowUs, kIntervalMs), 1234);
  EXPECT_EQ(roundTripUs(encodePingStamp(kNowUs), kNowUs, kIntervalMs), 0);
}

TEST(PingStamp, StampFromTheFutureIsIgnored) {
  EXPECT_FALSE(roundTripUs(encodePingStamp(kNowUs + 1), kNowUs, kIntervalMs));
  EXPECT_FALSE(roundTripUs(encodePingStamp(0x7FFFFFFFFFFFFFFF), kNowUs, kIntervalMs));
  // All ones decodes to -1: a claimed round trip of the whole uptime, ignored as too old.
  EXPECT_FALSE(roundTripUs(std::string(8, '\xFF'), kNowUs, kIntervalMs));
}

TEST(PingStamp, StampOlderThanAnyPingInFlightIsIgnored) {
  // Accepted up to 2 × max(interval, 10 s): a client can only claim a delay it could cause.
  const std::int64_t maxUs = 2 * kIntervalMs * 1000;
  EXPECT_EQ(roundTripUs(encodePingStamp(kNowUs - maxUs), kNowUs, kIntervalMs), maxUs);
  EXPECT_FALSE(roundTripUs(encodePingStamp(kNowUs - maxUs - 1), kNowUs, kIntervalMs));
  // Short or disabled heartbeat: the 10 s floor applies.
  const std::int64_t floorUs = 2 * kMaxProbeMs * 1000;
  EXPECT_EQ(roundTripUs(encodePingStamp(kNowUs - floorUs), kNowUs, 0), floorUs);
  EXPECT_FALSE(roundTripUs(encodePingStamp(kNowUs - floorUs - 1), kNowUs, 100));
}

}  // namespace
}  // namespace streamit::gateway
