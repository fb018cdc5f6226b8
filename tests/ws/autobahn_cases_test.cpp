// T1: raw-frame conformance cases modelled on the Autobahn TestSuite categories 1-7 and 9.
// Each case is the exact byte stream a client sends and the exact events the server side must
// see (message bytes, or the close code it must send). Every case runs fed whole, fed byte by
// byte and fed in random chunks; all three must agree exactly.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ws/close_codes.h"
#include "ws_test_util.h"

namespace streamit::ws {
namespace {

using namespace streamit::ws::testing;

constexpr std::size_t kDefaultLimit = 1 << 20;

constexpr std::uint8_t kCont = 0x0;
constexpr std::uint8_t kText = 0x1;
constexpr std::uint8_t kBinary = 0x2;
constexpr std::uint8_t kClose = 0x8;
constexpr std::uint8_t kPing = 0x9;
constexpr std::uint8_t kPong = 0xA;

struct ConformanceCase {
  std::string name;  // Autobahn-like id, e.g. "c1_1_3_text_126"
  std::string wire;
  std::vector<FrameEvent> expected;
  std::size_t limit = kDefaultLimit;
};

std::string f(std::uint8_t opcode, std::string_view payload, bool fin = true) {
  return clientFrame(opcode, payload, fin);
}

// A frame with RSV bits: `rsv` is 1..7 as Autobahn numbers them (RSV1 = 4 ... RSV3 = 1).
std::string withRsv(std::uint8_t opcode, std::string_view payload, std::uint8_t rsv) {
  return rawFrame(static_cast<std::uint8_t>(0x80 | (rsv << 4) | opcode), payload);
}

// Everything after a failure must be ignored; this tail proves it.
const std::string kTail = f(kText, "after the end");

std::vector<ConformanceCase> buildCases() {
  std::vector<ConformanceCase> c;
  const auto add = [&c](std::string name, std::string wire, std::vector<FrameEvent> expected,
                        std::size_t limit = kDefaultLimit) {
    c.push_back({std::move(name), std::move(wire), std::move(expected), limit});
  };

  // --- 1: framing of text and binary messages at every length-encoding boundary.
  for (const std::size_t size : {0u, 125u, 126u, 127u, 128u, 65535u, 65536u}) {
    const std::string payload = patterned(size, static_cast<std::uint32_t>(size));
    add("c1_1_text_" + std::to_string(size), f(kText, payload), {text(payload)});
    add("c1_2_binary_" + std::to_string(size), f(kBinary, payload), {binary(payload)});
  }
  add("c1_2_binary_all_byte_values", f(kBinary, std::string("\x00\x01\x7F\x80\xFE\xFF", 6)),
      {binary(std::string("\x00\x01\x7F\x80\xFE\xFF", 6))});

  // --- 2: ping and pong.
  add("c2_1_ping_empty", f(kPing, ""), {ping("")});
  add("c2_2_ping_text", f(kPing, "Hello, world!"), {ping("Hello, world!")});
  add("c2_3_ping_binary", f(kPing, std::string("\x00\xFF\xFE\xFD\xFC\xFB\x00\xFF", 8)),
      {ping(std::string("\x00\xFF\xFE\xFD\xFC\xFB\x00\xFF", 8))});
  add("c2_4_ping_125", f(kPing, std::string(125, '\xFE')), {ping(std::string(125, '\xFE'))});
  add("c2_5_ping_126", f(kPing, std::string(126, '\xFE')) + kTail, {error(kCloseProtocolError)});
  add("c2_7_pong_unsolicited_empty", f(kPong, ""), {pong("")});
  add("c2_8_pong_unsolicited_payload", f(kPong, "unsolicited"), {pong("unsolicited")});
  add("c2_9_pong_then_ping", f(kPong, "p") + f(kPing, "q"), {pong("p"), ping("q")});
  {
    std::string wire;
    std::vector<FrameEvent> expected;
    for (int i = 0; i < 10; ++i) {
      wire += f(kPing, "payload-" + std::to_string(i));
      expected.push_back(ping("payload-" + std::to_string(i)));
    }
    add("c2_10_ten_pings", wire, expected);
  }

  // --- 3: reserved bits (no extension is negotiated, so any RSV bit is a protocol error).
  add("c3_1_rsv1_text", withRsv(kText, "Hello", 4) + kTail, {error(kCloseProtocolError)});
  add("c3_2_text_then_rsv2", f(kText, "Hello") + withRsv(kText, "Hello", 2) + kTail,
      {text("Hello"), error(kCloseProtocolError)});
  add("c3_3_rsv3_after_text", f(kText, "Hello") + withRsv(kText, "Hello", 1) + f(kPing, ""),
      {text("Hello"), error(kCloseProtocolError)});
  add("c3_5_rsv_binary", withRsv(kBinary, "\xFF", 6), {error(kCloseProtocolError)});
  add("c3_6_rsv_ping", withRsv(kPing, "", 7), {error(kCloseProtocolError)});
  add("c3_7_rsv_close", withRsv(kClose, closePayload(1000), 5), {error(kCloseProtocolError)});

  // --- 4: reserved opcodes.
  for (const std::uint8_t opcode : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
    add("c4_reserved_opcode_" + std::to_string(opcode),
        f(kText, "before") + f(opcode, "x") + f(kPing, ""),
        {text("before"), error(kCloseProtocolError)});
  }

  // --- 5: fragmentation.
  add("c5_1_ping_fragmented", f(kPing, "frag1", false) + f(kCont, "frag2"),
      {error(kCloseProtocolError)});
  add("c5_2_pong_fragmented", f(kPong, "frag1", false) + f(kCont, "frag2"),
      {error(kCloseProtocolError)});
  add("c5_3_text_two_fragments", f(kText, "frag1", false) + f(kCont, "frag2"),
      {text("frag1frag2")});
  add("c5_5_text_many_small_fragments",
      f(kText, "a", false) + f(kCont, "b", false) + f(kCont, "c", false) + f(kCont, "d"),
      {text("abcd")});
  add("c5_6_ping_between_fragments",
      f(kText, "frag1", false) + f(kPing, "ping") + f(kCont, "frag2"),
      {ping("ping"), text("frag1frag2")});
  add("c5_7_pong_and_close_between_fragments",
      f(kText, "frag1", false) + f(kPong, "pong") + f(kClose, closePayload(1000)) +
          f(kCont, "frag2"),
      {pong("pong"), closeEvent(1000)});
  add("c5_9_orphan_continuation_fin", f(kCont, "orphan") + f(kText, "Hello"),
      {error(kCloseProtocolError)});
  add("c5_10_orphan_continuation_no_fin", f(kCont, "orphan", false) + f(kText, "Hello"),
      {error(kCloseProtocolError)});
  add("c5_15_continuation_after_complete_message",
      f(kText, "frag1", false) + f(kCont, "frag2") + f(kCont, "frag3") + kTail,
      {text("frag1frag2"), error(kCloseProtocolError)});
  add("c5_18_new_text_while_fragmented", f(kText, "frag1", false) + f(kText, "frag2") + kTail,
      {error(kCloseProtocolError)});
  add("c5_18b_binary_while_text_fragmented", f(kText, "frag1", false) + f(kBinary, "x"),
      {error(kCloseProtocolError)});
  add("c5_19_pings_interleaved_in_five_fragments",
      f(kText, "f1", false) + f(kCont, "f2", false) + f(kPing, "p1") + f(kCont, "f3", false) +
          f(kCont, "f4", false) + f(kPing, "p2") + f(kCont, "f5"),
      {ping("p1"), ping("p2"), text("f1f2f3f4f5")});
  add("c5_binary_fragments_then_next_message",
      f(kBinary, "\x01\x02", false) + f(kCont, "\x03") + f(kText, "next"),
      {binary("\x01\x02\x03"), text("next")});

  // --- 6: UTF-8 handling.
  add("c6_1_2_empty_fragments", f(kText, "", false) + f(kCont, "", false) + f(kCont, ""),
      {text("")});
  add("c6_1_3_empty_fragments_around_text",
      f(kText, "", false) + f(kCont, "middle", false) + f(kCont, ""), {text("middle")});
  const std::string hello =
      "Hello-\xC2\xB5@\xC3\x9F\xC3\xB6\xC3\xA4\xC3\xBC\xC3\xA0\xC3\xA1-UTF-8!!";
  add("c6_2_1_valid_utf8_one_frame", f(kText, hello), {text(hello)});
  {
    // 6.2.3: every byte its own fragment, so multi-byte code points straddle frames.
    std::string wire = f(kText, hello.substr(0, 1), false);
    for (std::size_t i = 1; i < hello.size(); ++i) {
      wire += f(kCont, hello.substr(i, 1), i + 1 == hello.size());
    }
    add("c6_2_3_valid_utf8_split_per_byte", wire, {text(hello)});
  }
  const std::string emoji = "\xF0\x9F\x98\x80";
  add("c6_2_4_four_byte_split_across_fragments",
      f(kText, "a" + emoji.substr(0, 3), false) + f(kCont, emoji.substr(3) + "b"),
      {text("a" + emoji + "b")});
  const std::string kosme = "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5";
  add("c6_3_1_invalid_after_kosme", f(kText, kosme + "\xED\xA0\x80" + "edited") + kTail,
      {error(kCloseInvalidPayload)});
  // 6.4.x fail fast: the stream stops right after the invalid byte; no FIN, no rest of frame.
  add("c6_4_1_fail_fast_across_fragments",
      f(kText, kosme, false) + f(kCont, "\xF4\x90\x80\x80", false), {error(kCloseInvalidPayload)});
  {
    const std::string frame = f(kText, kosme + "\xF4\x90\x80\x80" + std::string(200, 'x'));
    // header (2 + 2 + 4) + kosme + first two bytes of the bad sequence
    add("c6_4_2_fail_fast_inside_frame", frame.substr(0, 8 + kosme.size() + 2),
        {error(kCloseInvalidPayload)});
  }
  const std::pair<const char*, std::string> invalid[] = {
      {"overlong_slash_2", "\xC0\xAF"},
      {"overlong_slash_3", "\xE0\x80\xAF"},
      {"overlong_slash_4", "\xF0\x80\x80\xAF"},
      {"overlong_max_2", "\xC1\xBF"},
      {"surrogate_high", "\xED\xA0\x80"},
      {"surrogate_low", "\xED\xBF\xBF"},
      {"above_10ffff", "\xF4\x90\x80\x80"},
      {"lead_f5", "\xF5\x80\x80\x80"},
      {"lead_fe", "\xFE"},
      {"lead_ff", "\xFF"},
      {"lone_continuation", "\x80"},
      {"truncated_at_end", "abc\xCE"},
  };
  for (const auto& [name, bytes] : invalid) {
    add(std::string("c6_invalid_") + name, f(kText, bytes) + kTail, {error(kCloseInvalidPayload)});
  }
  add("c6_invalid_in_second_fragment", f(kText, "ok", false) + f(kCont, "\xC0\xAF"),
      {error(kCloseInvalidPayload)});
  add("c6_truncated_sequence_at_message_end", f(kText, "\xE2\x82", false) + f(kCont, ""),
      {error(kCloseInvalidPayload)});
  // First and last code point of every encoding length, and both sides of the surrogates.
  const std::string boundaries(
      "\x00\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"
      "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF",
      26);
  add("c6_valid_boundaries", f(kText, boundaries), {text(boundaries)});

  // --- 7: close handling.
  add("c7_1_1_text_then_close", f(kText, "Hello") + f(kClose, closePayload(1000)),
      {text("Hello"), closeEvent(1000)});
  add("c7_1_2_close_twice", f(kClose, closePayload(1000)) + f(kClose, closePayload(1000)),
      {closeEvent(1000)});
  add("c7_1_3_ping_after_close", f(kClose, closePayload(1000)) + f(kPing, "x"), {closeEvent(1000)});
  add("c7_1_4_text_after_close", f(kClose, closePayload(1000)) + f(kText, "x"), {closeEvent(1000)});
  add("c7_3_1_close_empty", f(kClose, ""), {closeEvent(kCloseNoStatus)});
  add("c7_3_2_close_one_byte", f(kClose, "a") + kTail, {error(kCloseProtocolError)});
  add("c7_3_3_close_code_only", f(kClose, closePayload(1000)), {closeEvent(1000)});
  add("c7_3_4_close_with_reason", f(kClose, closePayload(1000, "Hello World!")),
      {closeEvent(1000, "Hello World!")});
  add("c7_3_5_close_reason_123", f(kClose, closePayload(1000, std::string(123, '*'))),
      {closeEvent(1000, std::string(123, '*'))});
  add("c7_3_6_close_reason_124", f(kClose, closePayload(1000, std::string(124, '*'))),
      {error(kCloseProtocolError)});
  add("c7_5_1_close_reason_invalid_utf8",
      f(kClose, closePayload(1000, kosme + "\xED\xA0\x80" + "edited")),
      {error(kCloseInvalidPayload)});
  add("c7_5_2_close_reason_valid_utf8", f(kClose, closePayload(1000, kosme)),
      {closeEvent(1000, kosme)});
  for (const std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013,
                                   1014, 3000, 3999, 4000, 4999}) {
    add("c7_7_valid_code_" + std::to_string(code), f(kClose, closePayload(code)),
        {closeEvent(code)});
  }
  for (const std::uint16_t code :
       {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    add("c7_9_invalid_code_" + std::to_string(code), f(kClose, closePayload(code)) + kTail,
        {error(kCloseProtocolError)});
  }
  add("c7_close_fragmented", f(kClose, closePayload(1000), false), {error(kCloseProtocolError)});

  // --- 9 and framing limits.
  const std::size_t limit = 64 * 1024;
  add("c9_message_at_limit", f(kBinary, patterned(limit)), {binary(patterned(limit))}, limit);
  add("c9_frame_over_limit_rejected_on_header",
      f(kBinary, patterned(limit + 1)).substr(0, 10) /* no payload ever sent */,
      {error(kCloseMessageTooBig)}, limit);
  add("c9_fragments_over_limit",
      f(kText, patterned(limit / 2), false) + f(kCont, patterned(limit / 2), false) +
          f(kCont, "x").substr(0, 2),
      {error(kCloseMessageTooBig)}, limit);
  {
    // 9.1.x-like: a 1 MiB message in 64 KiB fragments at a 1 MiB limit.
    const std::string big = patterned(1 << 20, 99);
    std::string wire;
    for (std::size_t at = 0; at < big.size(); at += limit) {
      wire += f(at == 0 ? kBinary : kCont, std::string_view(big).substr(at, limit),
                at + limit >= big.size());
    }
    add("c9_1mib_in_64kib_fragments", wire, {binary(big)}, 1 << 20);
  }
  add("c9_length_msb_set", std::string{'\x82', '\xFF', '\x80', 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4},
      {error(kCloseProtocolError)});
  add("c9_non_minimal_16bit_length", rawFrame(0x81, "short", true, LengthForm::k16),
      {text("short")});
  add("c9_non_minimal_64bit_length", rawFrame(0x82, "short", true, LengthForm::k64),
      {binary("short")});
  add("c9_unmasked_text", rawFrame(0x81, "Hello", false) + kTail, {error(kCloseProtocolError)});
  add("c9_unmasked_ping", rawFrame(0x89, "", false), {error(kCloseProtocolError)});
  add("c9_unmasked_continuation", f(kText, "a", false) + rawFrame(0x80, "b", false),
      {error(kCloseProtocolError)});
  return c;
}

class Conformance : public ::testing::TestWithParam<ConformanceCase> {};

TEST_P(Conformance, FedWhole) {
  const auto& param = GetParam();
  EXPECT_EQ(feedWhole(param.wire, param.limit), param.expected);
}

TEST_P(Conformance, FedByteByByte) {
  const auto& param = GetParam();
  EXPECT_EQ(feedByteByByte(param.wire, param.limit), param.expected);
}

TEST_P(Conformance, FedInRandomChunks) {
  const auto& param = GetParam();
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    EXPECT_EQ(feedRandomChunks(param.wire, param.limit, seed), param.expected) << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Autobahn, Conformance, ::testing::ValuesIn(buildCases()),
                         [](const ::testing::TestParamInfo<ConformanceCase>& param) {
                           return param.param.name;
                         });

TEST(ConformanceTable, HasTheExpectedBreadth) {
  EXPECT_GE(buildCases().size(), 60u);
}

}  // namespace
}  // namespace streamit::ws
