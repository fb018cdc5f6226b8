#include "ws/frame_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "ws/close_codes.h"
#include "ws/frame.h"
#include "ws_test_util.h"

namespace streamit::ws {
namespace {

using namespace streamit::ws::testing;

constexpr std::size_t kLimit = 1 << 20;
constexpr std::uint8_t kText = 0x1;
constexpr std::uint8_t kBinary = 0x2;
constexpr std::uint8_t kCont = 0x0;
constexpr std::uint8_t kClose = 0x8;
constexpr std::uint8_t kPing = 0x9;

TEST(FrameParser, UnmasksCorrectlyWhateverTheSplitAndMaskPhase) {
  // Fragment sizes not divisible by 4 or 8 exercise every key phase of the word-wise unmask.
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    const std::string message = patterned(rng() % 3000, static_cast<std::uint32_t>(round));
    std::string wire;
    std::size_t at = 0;
    bool first = true;
    do {
      const std::size_t size = std::min<std::size_t>(message.size() - at, rng() % 700);
      const bool fin = at + size == message.size();
      const std::array<std::uint8_t, 4> mask{
          static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng()),
          static_cast<std::uint8_t>(rng()), static_cast<std::uint8_t>(rng())};
      wire +=
          rawFrame(static_cast<std::uint8_t>((fin ? 0x80 : 0) | (first ? kBinary : kCont)),
                   std::string_view(message).substr(at, size), true, LengthForm::kMinimal, mask);
      at += size;
      first = false;
    } while (at < message.size());
    const std::vector<FrameEvent> expected{binary(message)};
    ASSERT_EQ(feedRandomChunks(wire, kLimit, static_cast<std::uint32_t>(round)), expected);
  }
}

TEST(FrameParser, ReportsStateAfterCloseAndError) {
  FrameParser parser(kLimit);
  std::vector<FrameEvent> events;
  EXPECT_EQ(parser.state(), FrameParser::State::kOpen);
  parser.feed(clientFrame(kClose, closePayload(1000)), events);
  EXPECT_EQ(parser.state(), FrameParser::State::kClosed);
  parser.feed(clientFrame(kText, "ignored"), events);
  EXPECT_EQ(events, (std::vector<FrameEvent>{closeEvent(1000)}));

  FrameParser failing(kLimit);
  events.clear();
  failing.feed(rawFrame(0x81, "x", /*masked=*/false), events);
  EXPECT_EQ(failing.state(), FrameParser::State::kFailed);
  failing.feed(clientFrame(kText, "ignored"), events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].code, kCloseProtocolError);
  EXPECT_FALSE(events[0].detail.empty());
}

TEST(FrameParser, RejectsOversizedFrameFromItsHeaderAlone) {
  FrameParser parser(1000);
  std::vector<FrameEvent> events;
  const std::string frame = clientFrame(kBinary, std::string(1001, 'x'));
  parser.feed(std::string_view(frame).substr(0, 4), events);  // 2 bytes + 16-bit length
  ASSERT_EQ(events, (std::vector<FrameEvent>{error(kCloseMessageTooBig)}));
  EXPECT_EQ(parser.bufferedMessageBytes(), 0u);
}

TEST(FrameParser, RejectsAHugeDeclaredLengthWithoutAllocating) {
  FrameParser parser(kLimit);
  std::vector<FrameEvent> events;
  // 2^62 bytes declared: must be refused, not reserved.
  const std::string header{'\x82', '\xFF', '\x40', 0, 0, 0, 0, 0, 0, 0};
  parser.feed(header, events);
  EXPECT_EQ(events, (std::vector<FrameEvent>{error(kCloseMessageTooBig)}));
}

TEST(FrameParser, CountsFragmentsAgainstTheLimit) {
  FrameParser parser(10);
  std::vector<FrameEvent> events;
  parser.feed(clientFrame(kText, "123456", false), events);
  EXPECT_EQ(parser.bufferedMessageBytes(), 6u);
  parser.feed(clientFrame(kCont, "7890", false), events);  // exactly 10: still fine
  EXPECT_TRUE(events.empty());
  const std::string next = clientFrame(kCont, "1", true);
  parser.feed(std::string_view(next).substr(0, 2), events);
  EXPECT_EQ(events, (std::vector<FrameEvent>{error(kCloseMessageTooBig)}));
  EXPECT_EQ(parser.bufferedMessageBytes(), 0u);  // released on failure
}

TEST(FrameParser, MessageExactlyAtTheLimitIsAccepted) {
  const std::string payload = patterned(4096);
  EXPECT_EQ(feedWhole(clientFrame(kBinary, payload), 4096),
            (std::vector<FrameEvent>{binary(payload)}));
}

TEST(FrameParser, DeliversManyFramesFromOneChunkInOrder) {
  std::string wire;
  std::vector<FrameEvent> expected;
  for (int i = 0; i < 50; ++i) {
    wire += clientFrame(kText, "m" + std::to_string(i));
    wire += clientFrame(kPing, std::to_string(i));
    expected.push_back(text("m" + std::to_string(i)));
    expected.push_back(ping(std::to_string(i)));
  }
  EXPECT_EQ(feedWhole(wire, kLimit), expected);
}

TEST(FrameParser, InvalidUtf8FailsInsideAFrameBeforeItsEnd) {
  // A 1000-byte text frame whose 11th byte is invalid: the error must come from the first
  // 20 payload bytes, without the rest of the frame.
  std::string payload(1000, 'a');
  payload[10] = '\xFF';
  const std::string frame = clientFrame(kText, payload);
  FrameParser parser(kLimit);
  std::vector<FrameEvent> events;
  parser.feed(std::string_view(frame).substr(0, 4 + 4 + 20), events);
  EXPECT_EQ(events, (std::vector<FrameEvent>{error(kCloseInvalidPayload)}));
}

TEST(FrameParser, BinaryMessagesAreNotUtf8Checked) {
  const std::string payload = "\xFF\xFE\xC0\xAF";
  EXPECT_EQ(feedWhole(clientFrame(kBinary, payload), kLimit),
            (std::vector<FrameEvent>{binary(payload)}));
}

TEST(FrameParser, ZeroLengthFramesCompleteWithoutFurtherBytes) {
  FrameParser parser(kLimit);
  std::vector<FrameEvent> events;
  parser.feed(clientFrame(kPing, ""), events);
  parser.feed(clientFrame(kText, ""), events);
  EXPECT_EQ(events, (std::vector<FrameEvent>{ping(""), text("")}));
}

}  // namespace
}  // namespace streamit::ws
