#include "ws/utf8_validator.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace streamit::ws {
namespace {

// Index of the first byte after which the validator reports invalid, or npos if never.
std::size_t firstInvalidByte(std::string_view bytes) {
  Utf8Validator validator;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (!validator.feed(bytes.substr(i, 1))) {
      return i;
    }
  }
  return std::string_view::npos;
}

TEST(Utf8Validator, AcceptsBoundaryCodePoints) {
  using namespace std::literals;
  const std::string_view valid[] = {
      ""sv,
      "plain ascii, long enough to take the 8-byte fast path twice over"sv,
      "\x00"sv,                                          // U+0000
      "\x7F"sv,                                          // U+007F
      "\xC2\x80"sv,                                      // U+0080
      "\xDF\xBF"sv,                                      // U+07FF
      "\xE0\xA0\x80"sv,                                  // U+0800
      "\xED\x9F\xBF"sv,                                  // U+D7FF, just below the surrogates
      "\xEE\x80\x80"sv,                                  // U+E000, just above them
      "\xEF\xBF\xBD"sv,                                  // U+FFFD
      "\xEF\xBF\xBF"sv,                                  // U+FFFF
      "\xF0\x90\x80\x80"sv,                              // U+10000
      "\xF4\x8F\xBF\xBF"sv,                              // U+10FFFF
      "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5"sv,  // κόσμε
  };
  for (const std::string_view sample : valid) {
    EXPECT_TRUE(isValidUtf8(sample)) << "sample: " << sample;
  }
  EXPECT_TRUE(isValidUtf8(std::string_view("")));
}

struct InvalidCase {
  const char* name;
  std::string bytes;
  std::size_t failsAt;  // the first byte that cannot be part of valid UTF-8
};

TEST(Utf8Validator, RejectsOnTheFirstImpossibleByte) {
  const InvalidCase cases[] = {
      {"lone continuation", "ab\x80", 2},
      {"C0 overlong", "\xC0\xAF", 0},
      {"C1 overlong", "\xC1\xBF", 0},
      {"E0 overlong", "\xE0\x80\xAF", 1},
      {"E0 overlong max", "\xE0\x9F\xBF", 1},
      {"F0 overlong", "\xF0\x80\x80\xAF", 1},
      {"F0 overlong max", "\xF0\x8F\xBF\xBF", 1},
      {"high surrogate", "\xED\xA0\x80", 1},
      {"low surrogate", "\xED\xBF\xBF", 1},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 1},
      {"F5 lead", "\xF5\x80\x80\x80", 0},
      {"FE", "x\xFE", 1},
      {"FF", "\xFF", 0},
      {"ascii after lead",
       "\xCE"
       "a",
       1},
      {"lead after lead", "\xE1\x80\xE1", 2},
      {"after long ascii run", "0123456789abcdefgh\xC0", 18},
      {"kosme then surrogate", "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80", 12},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(firstInvalidByte(c.bytes), c.failsAt) << c.name;
    EXPECT_FALSE(isValidUtf8(c.bytes)) << c.name;
    Utf8Validator whole;
    EXPECT_FALSE(whole.feed(c.bytes)) << c.name;
    EXPECT_FALSE(whole.complete()) << c.name;
  }
}

TEST(Utf8Validator, TracksIncompleteSequencesAcrossChunks) {
  Utf8Validator validator;
  EXPECT_TRUE(validator.feed("\xF0\x9F"));  // first half of U+1F600
  EXPECT_TRUE(validator.valid());
  EXPECT_FALSE(validator.complete());
  EXPECT_TRUE(validator.feed("\x98"));
  EXPECT_FALSE(validator.complete());
  EXPECT_TRUE(validator.feed("\x80"));
  EXPECT_TRUE(validator.complete());
  EXPECT_FALSE(isValidUtf8("abc\xE2\x82"));  // truncated euro sign
}

TEST(Utf8Validator, StaysInvalidUntilReset) {
  Utf8Validator validator;
  EXPECT_FALSE(validator.feed("\xFF"));
  EXPECT_FALSE(validator.feed("plain"));
  EXPECT_FALSE(validator.valid());
  validator.reset();
  EXPECT_TRUE(validator.feed("plain"));
  EXPECT_TRUE(validator.complete());
}

// Cross-check against a straightforward decoder over every 1-3 byte sequence and a sample of
// 4-byte ones, so the DFA's ranges are verified exhaustively rather than by example.
bool referenceValid(const unsigned char* s, std::size_t n) {
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    }
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + len > n) {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    const std::uint32_t minimum = len == 2 ? 0x80 : (len == 3 ? 0x800 : 0x10000);
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

TEST(Utf8Validator, MatchesReferenceDecoderExhaustively) {
  unsigned char buf[4];
  for (int a = 0; a < 256; ++a) {
    buf[0] = static_cast<unsigned char>(a);
    ASSERT_EQ(isValidUtf8({reinterpret_cast<char*>(buf), 1}), referenceValid(buf, 1)) << a;
    for (int b = 0; b < 256; ++b) {
      buf[1] = static_cast<unsigned char>(b);
      ASSERT_EQ(isValidUtf8({reinterpret_cast<char*>(buf), 2}), referenceValid(buf, 2));
      for (int c = 0x70; c < 0xD0; ++c) {  // around the continuation range
        buf[2] = static_cast<unsigned char>(c);
        ASSERT_EQ(isValidUtf8({reinterpret_cast<char*>(buf), 3}), referenceValid(buf, 3));
        buf[3] = 0x80;
        ASSERT_EQ(isValidUtf8({reinterpret_cast<char*>(buf), 4}), referenceValid(buf, 4));
      }
    }
  }
}

}  // namespace
}  // namespace streamit::ws
