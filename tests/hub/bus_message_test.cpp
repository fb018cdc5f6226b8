#include "hub/bus_message.h"

#include <gtest/gtest.h>

namespace streamit::hub {
namespace {

TEST(BusMessage, RoundTripsEveryKindWithPayloadBytesVerbatim) {
  for (const auto kind : {BusKind::kPlayback, BusKind::kRoomState, BusKind::kClose,
                          BusKind::kPresence, BusKind::kRebuilt, BusKind::kChat, BusKind::kKick}) {
    const BusMessage message{
        "node1", kind, 3, 42, 4001, "{\"type\":\"x\",\"data\":\"line\\nbreak\"}\nsecond line"};
    const auto decoded = decodeBusMessage(encodeBusMessage(message));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, message);
  }
}

TEST(BusMessage, EmptyPayloadIsAllowed) {
  const BusMessage message{"n", BusKind::kRebuilt, 2, 0, 0, ""};
  EXPECT_EQ(decodeBusMessage(encodeBusMessage(message)), message);
}

TEST(BusMessage, RefusesAnythingElse) {
  for (const std::string text :
       {"", "sb1 n playback 1 2 0", "sb2 n playback 1 2 0\n{}", "sb1 n bogus 1 2 0\n{}",
        "sb1 n playback x 2 0\n{}", "sb1 n playback 1 -2 0\n{}", "sb1 n playback 1 2\n{}",
        "sb1 n playback 1 2 0 extra\n{}", "sb1  playback 1 2 0\n{}",
        "sb1 n playback 1 99999999999999999999999 0\n{}"}) {
    EXPECT_FALSE(decodeBusMessage(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace streamit::hub
