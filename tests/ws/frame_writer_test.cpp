#include "ws/frame_writer.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "ws/close_codes.h"

namespace streamit::ws {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) {
    out.push_back(static_cast<char>(v));
  }
  return out;
}

TEST(FrameWriter, EncodesShortFramesWithoutMask) {
  EXPECT_EQ(encodeText("Hi"), bytes({0x81, 0x02, 'H', 'i'}));
  EXPECT_EQ(encodeBinary(""), bytes({0x82, 0x00}));
  EXPECT_EQ(encodePing("p"), bytes({0x89, 0x01, 'p'}));
  EXPECT_EQ(encodePong(""), bytes({0x8A, 0x00}));
  EXPECT_EQ(encodeFrame(Opcode::kText, "a", false), bytes({0x01, 0x01, 'a'}));
  EXPECT_EQ(encodeFrame(Opcode::kContinuation, "b"), bytes({0x80, 0x01, 'b'}));
}

TEST(FrameWriter, UsesMinimalLengthEncodingAtEveryBoundary) {
  struct Case {
    std::size_t size;
    std::string header;
  };
  const Case cases[] = {
      {0, bytes({0x82, 0})},
      {125, bytes({0x82, 125})},
      {126, bytes({0x82, 126, 0x00, 126})},
      {127, bytes({0x82, 126, 0x00, 127})},
      {65535, bytes({0x82, 126, 0xFF, 0xFF})},
      {65536, bytes({0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0})},
      {1 << 20, bytes({0x82, 127, 0, 0, 0, 0, 0, 0x10, 0, 0})},
  };
  for (const auto& c : cases) {
    const std::string payload(c.size, 'z');
    const std::string frame = encodeBinary(payload);
    EXPECT_EQ(frame.size(), c.header.size() + c.size) << c.size;
    EXPECT_EQ(frame.substr(0, c.header.size()), c.header) << c.size;
    EXPECT_EQ(frame.substr(c.header.size()), payload) << c.size;
    EXPECT_EQ(frameHeaderSize(c.size), c.header.size()) << c.size;
  }
}

TEST(FrameWriter, EncodesCloseWithCodeAndReason) {
  EXPECT_EQ(encodeClose(), bytes({0x88, 0x00}));
  EXPECT_EQ(encodeClose(kCloseNormal), bytes({0x88, 0x02, 0x03, 0xE8}));
  EXPECT_EQ(encodeClose(kCloseTryAgainLater, "busy"),
            bytes({0x88, 0x06, 0x03, 0xF5, 'b', 'u', 's', 'y'}));
}

TEST(FrameWriter, TruncatesLongCloseReasonsAtACodePointBoundary) {
  // 61 two-byte characters = 122 bytes, then a 3-byte one that would straddle byte 123.
  std::string reason;
  for (int i = 0; i < 61; ++i) {
    reason += "\xC3\xA9";
  }
  reason += "\xE2\x82\xAC-tail";
  const std::string frame = encodeClose(kClosePolicyViolation, reason);
  ASSERT_EQ(static_cast<unsigned char>(frame[1]), 2u + 122u);
  EXPECT_EQ(frame.substr(4), reason.substr(0, 122));
  // An ASCII reason is cut at exactly 123 bytes.
  EXPECT_EQ(encodeClose(kCloseNormal, std::string(200, 'r')).size(), 2u + 125u);
}

TEST(FrameWriter, RefusesProgrammingErrors) {
  EXPECT_THROW(encodePing(std::string(126, 'x')), std::invalid_argument);
  EXPECT_THROW(encodeFrame(Opcode::kPing, "x", false), std::invalid_argument);
  EXPECT_THROW(encodeClose(kCloseNoStatus), std::invalid_argument);
  EXPECT_THROW(encodeClose(kCloseAbnormal), std::invalid_argument);
  EXPECT_NO_THROW(encodePong(std::string(125, 'x')));
}

TEST(FrameWriter, AppendsToAnExistingBuffer) {
  std::string out = "queued";
  appendFrame(out, Opcode::kText, "x");
  EXPECT_EQ(out, "queued" + bytes({0x81, 0x01, 'x'}));
}

TEST(FrameWriter, SharedFrameIsEncodedOnceAndImmutable) {
  const SharedFrame frame = encodeShared(Opcode::kText, "{\"t\":\"state\"}");
  const SharedFrame copy = frame;  // what each recipient queue holds
  EXPECT_EQ(frame.get(), copy.get());
  EXPECT_EQ(*frame, encodeText("{\"t\":\"state\"}"));
  static_assert(std::is_same_v<SharedFrame::element_type, const std::string>);
}

TEST(CloseCodes, ValidOnWireMatchesRfcAndRegistry) {
  for (std::uint32_t code = 0; code <= 0xFFFF; ++code) {
    const bool expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                          (code >= 3000 && code <= 4999);
    ASSERT_EQ(isValidCloseCodeOnWire(static_cast<std::uint16_t>(code)), expected) << code;
  }
  static_assert(isValidCloseCodeOnWire(kCloseTryAgainLater));
  static_assert(!isValidCloseCodeOnWire(kCloseNoStatus));
  EXPECT_EQ(kCloseGoingAway, 1001);
  EXPECT_EQ(kCloseUnsupportedData, 1003);
  EXPECT_EQ(kCloseMessageTooBig, 1009);
  EXPECT_EQ(kCloseServerError, 1011);
}

}  // namespace
}  // namespace streamit::ws
