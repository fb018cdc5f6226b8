// The pure normalizer: folding, look-alikes, absorbed marks, UTF-8 edge cases.
#include "text_normalizer.h"

#include <gtest/gtest.h>

#include <string>

namespace streamit::wordfilter {
namespace {

TEST(TextNormalizer, FoldsAsciiAndLatin1Case) {
  EXPECT_EQ(canonicalForm("BaD"), "bad");
  EXPECT_EQ(canonicalForm("ÀÉÎÕÜ àéîõü"), "aeiou aeiou");
  EXPECT_EQ(canonicalForm("Ñandú Çà ß ÿ"), "nandu ca s y");
  EXPECT_EQ(canonicalForm("Æsir"), "æsir");
}

TEST(TextNormalizer, MapsDigitAndSymbolLookAlikes) {
  EXPECT_EQ(canonicalForm("b4d 5h1t 7e3 0k"), "bad shit tee ok");
  EXPECT_EQ(canonicalForm("@$$"), "ass");
  EXPECT_EQ(canonicalForm("sh!t"), "shit");
  const auto one = normalizeText("1");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].folded, U'i');
  EXPECT_EQ(one[0].alsoLetters, 1u << ('l' - 'a'));  // 1 is both i and l
  EXPECT_TRUE(normalizeText("@")[0].symbol);
  EXPECT_FALSE(normalizeText("4")[0].symbol);
}

TEST(TextNormalizer, MapsCyrillicGreekAndFullwidthLookAlikes) {
  EXPECT_EQ(canonicalForm("\u0430\u0435\u043e\u0440\u0441\u0445\u0443"), "aeopcxy");
  EXPECT_EQ(canonicalForm("\u0410\u0415\u041e\u0420\u0421\u0425\u0423"), "aeopcxy");
  EXPECT_EQ(canonicalForm("\u03bf\u039f"), "oo");
  EXPECT_EQ(canonicalForm("ＢＡＤ ｂａｄ １２３"), "bad bad i2e");
  EXPECT_EQ(canonicalForm("Ｂа.Ｄ 3x"), "ba d ex");
  // Other Cyrillic letters are lower-cased and kept as they are.
  EXPECT_EQ(canonicalForm("\u0414\u0416"), "\u0434\u0436");
}

TEST(TextNormalizer, SeparatorsBecomeGaps) {
  EXPECT_EQ(canonicalForm("b a d"), "b a d");
  EXPECT_EQ(canonicalForm("b.a_d-x"), "b a d x");
  EXPECT_EQ(canonicalForm("  "), "");
  const auto chars = normalizeText("a.b c\xF0\x9F\x98\x80");
  ASSERT_EQ(chars.size(), 6u);
  EXPECT_EQ(chars[1].kind, CharKind::kJoiner);
  EXPECT_EQ(chars[3].kind, CharKind::kSpace);
  EXPECT_EQ(chars[5].kind, CharKind::kOther);  // emoji
}

TEST(TextNormalizer, CombiningMarksAndZeroWidthJoinTheirBase) {
  // e + COMBINING ACUTE is one NormChar covering both code points.
  const auto chars = normalizeText("be\u0301d");
  ASSERT_EQ(chars.size(), 3u);
  EXPECT_EQ(chars[1].folded, U'e');
  EXPECT_EQ(chars[1].begin, 1u);
  EXPECT_EQ(chars[1].end, 4u);
  EXPECT_EQ(canonicalForm("b\u200bad"), "bad");  // zero-width space
  EXPECT_EQ(canonicalForm("b\u00adad"), "bad");  // soft hyphen
  // A leading mark has no base: a boundary of its own.
  EXPECT_EQ(normalizeText("\u0301a")[0].kind, CharKind::kOther);
}

TEST(TextNormalizer, InvalidUtf8BytesAreSingleBoundaries) {
  const std::string text =
      "ba\xff"
      "d\xc3";
  const auto chars = normalizeText(text);
  ASSERT_EQ(chars.size(), 5u);
  EXPECT_EQ(chars[2].kind, CharKind::kOther);
  EXPECT_EQ(chars[2].end - chars[2].begin, 1u);
  EXPECT_EQ(chars[4].kind, CharKind::kOther);  // truncated sequence at the end
  EXPECT_EQ(canonicalForm(text), "ba d");
  EXPECT_EQ(canonicalForm("\xc0\xaf"
                          "x"),
            "x");                                // overlong '/'
  EXPECT_EQ(canonicalForm("\xed\xa0\x80"), "");  // surrogate
}

TEST(TextNormalizer, OffsetsCoverTheWholeText) {
  const std::string text = "Zoë 👍🏽 e\u0301 ＢＡＤ\xff";
  const auto chars = normalizeText(text);
  std::size_t at = 0;
  for (const auto& c : chars) {
    EXPECT_EQ(c.begin, at);
    EXPECT_GT(c.end, c.begin);
    at = c.end;
  }
  EXPECT_EQ(at, text.size());
}

TEST(TextNormalizer, CjkAndEmojiAreBoundaries) {
  EXPECT_EQ(canonicalForm("bad映画bad"), "bad bad");
  EXPECT_EQ(canonicalForm("bad🎬bad"), "bad bad");
}

}  // namespace
}  // namespace streamit::wordfilter
