// The pure matcher: which stretches of a message match which listed word, and masking.
#include "word_matcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace streamit::wordfilter {
namespace {

std::vector<BlockedWord> compile(const std::vector<std::string>& entries) {
  std::vector<BlockedWord> out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::string error;
    auto w = compileWord(entries[i], i, error);
    EXPECT_TRUE(w.has_value()) << entries[i] << ": " << error;
    if (w)
      out.push_back(*w);
  }
  return out;
}

const std::vector<std::string> kWords = {"bad", "ass", "heck"};

std::string masked(const std::string& text, bool substrings = false,
                   const std::vector<std::string>& words = kWords) {
  const auto chars = normalizeText(text);
  return maskMatches(text, chars, findWords(chars, compile(words), substrings), "*");
}

bool flagged(const std::string& text, bool substrings = false) {
  return !findWords(normalizeText(text), compile(kWords), substrings).empty();
}

TEST(WordMatcher, PlainWholeWords) {
  EXPECT_EQ(masked("this is bad"), "this is ***");
  EXPECT_EQ(masked("bad, bad!"), "***, ***!");  // "bad!" drops the symbol at its edge
  EXPECT_EQ(masked("nothing here"), "nothing here");
  EXPECT_EQ(masked(""), "");
}

TEST(WordMatcher, CaseAccentsAndLookAlikes) {
  EXPECT_EQ(masked("BAD Bäd b4d"), "*** *** ***");
  EXPECT_EQ(masked("@$$ a55"), "*** ***");
  EXPECT_EQ(masked("h3ck"), "****");
  EXPECT_EQ(masked("\u0432\u0430d"), "***");  // Cyrillic в а + Latin d
  EXPECT_EQ(masked("ＢＡＤ"), "***");
}

TEST(WordMatcher, InsertedSpacingAndPunctuation) {
  EXPECT_EQ(masked("b a d"), "*****");
  EXPECT_EQ(masked("b.a.d"), "*****");
  EXPECT_EQ(masked("b_a_d"), "*****");
  EXPECT_EQ(masked("so b  a  d day"), "so ******* day");
  EXPECT_EQ(masked("b-a-d-day"), "*****-day");  // spaced letters inside a longer run
  EXPECT_EQ(masked("ba.d"), "****");            // joined pieces
  EXPECT_EQ(masked("b\u200bad"), "***");        // zero-width space absorbed and masked
}

TEST(WordMatcher, RepeatedLetters) {
  EXPECT_EQ(masked("baaaad"), "******");
  EXPECT_EQ(masked("bbaadd"), "******");
  EXPECT_EQ(masked("asssss"), "******");
  EXPECT_FALSE(flagged("as"));  // "ass" has a doubled s: one is not enough
  EXPECT_FALSE(flagged("bd"));
}

TEST(WordMatcher, WholeWordsByDefaultNotInsideOtherWords) {
  EXPECT_FALSE(flagged("a class of passengers"));
  EXPECT_FALSE(flagged("badge and badminton"));
  EXPECT_FALSE(flagged("check"));  // c + heck
  EXPECT_TRUE(flagged("class", true));
  EXPECT_EQ(masked("class badge", true), "cl*** ***ge");
}

TEST(WordMatcher, SpacedRunsNeedSingleLetters) {
  EXPECT_FALSE(flagged("ba d"));         // "ba" is not a single letter
  EXPECT_TRUE(flagged("b, a, d"));       // gaps of up to three spaces or joiners
  EXPECT_FALSE(flagged("b    a    d"));  // four is two separate letters
  EXPECT_TRUE(flagged("x b a d y"));     // any stretch of a spaced run may match
}

TEST(WordMatcher, OneIsBothIAndL) {
  const std::vector<std::string> words = {"kill", "idiot"};
  EXPECT_EQ(masked("k1ll k!11 1d1ot", false, words), "**** **** *****");
}

TEST(WordMatcher, Utf8AroundMatchesIsUntouched) {
  EXPECT_EQ(masked("Zoë 👍🏽 bad 🎬 café"), "Zoë 👍🏽 *** 🎬 café");
  EXPECT_EQ(masked("bad\u0301!"), "***!");  // the mark goes with its base letter
  EXPECT_EQ(masked("e\u0301\u0301 bad"), "e\u0301\u0301 ***");
  EXPECT_EQ(masked("映画bad映画"), "映画***映画");  // CJK does not separate words by spaces
  const std::string invalid =
      "\xff"
      "bad\xc3";
  EXPECT_EQ(masked(invalid), "\xff***\xc3");
}

TEST(WordMatcher, MasksWithAMultiByteCharacter) {
  const auto chars = normalizeText("é bad");
  const auto m = findWords(chars, compile(kWords), false);
  EXPECT_EQ(maskMatches("é bad", chars, m, "█"), "é ███");
}

TEST(WordMatcher, ReportsRuleIndexAndByteRange) {
  const auto m = findWords(normalizeText("ok heck"), compile(kWords), false);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].rule, 2u);
  EXPECT_EQ(m[0].begin, 3u);
  EXPECT_EQ(m[0].end, 7u);
}

TEST(WordMatcher, NonLatinWords) {
  const std::vector<std::string> words = {"дурак"};
  EXPECT_EQ(masked("ты ДУРАК", false, words), "ты *****");
  EXPECT_EQ(masked("дураки", false, words), "дураки");
}

TEST(WordMatcher, CompileRefusesBadEntries) {
  std::string error;
  EXPECT_FALSE(compileWord("", 0, error));
  EXPECT_EQ(error, "words: entry 0 must not be empty");
  EXPECT_FALSE(compileWord("two words", 3, error));
  EXPECT_NE(error.find("words: entry 3 must be one word"), std::string::npos) << error;
  EXPECT_FALSE(compileWord(std::string(65, 'a'), 1, error));
  EXPECT_EQ(error, "words: entry 1 is longer than 64 characters");
  EXPECT_TRUE(compileWord(std::string(64, 'a'), 1, error));
  EXPECT_FALSE(compileWord("bad\xff", 0, error));
  EXPECT_FALSE(compileWord("🎬", 0, error));
  EXPECT_TRUE(compileWord("Bäd", 0, error));
}

TEST(WordMatcher, LongestWordAndLongTextStayCorrect) {
  const std::string word64(64, 'z');
  EXPECT_EQ(masked(std::string(70, 'z'), false, {word64}), std::string(70, '*'));
  EXPECT_EQ(masked(std::string(63, 'z'), false, {word64}), std::string(63, 'z'));
  // 1000 code points of near-misses: bounded work, no match.
  std::string text;
  for (int i = 0; i < 250; ++i)
    text += "ba ";
  EXPECT_FALSE(flagged(text));
  EXPECT_TRUE(flagged(text + "bad"));
}

}  // namespace
}  // namespace streamit::wordfilter
