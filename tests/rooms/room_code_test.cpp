#include "rooms/room_code.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

namespace streamit::rooms {
namespace {

RandomSource seeded(std::uint64_t seed) {
  auto engine = std::make_shared<std::mt19937_64>(seed);
  return [engine] { return (*engine)(); };
}

TEST(RoomCodeAlphabet, HasNoAmbiguousSymbolsAndIsUrlSafe) {
  for (const char c : std::string_view("0O1IlL")) {
    EXPECT_EQ(kRoomCodeAlphabet.find(c), std::string_view::npos) << c;
  }
  std::unordered_set<char> seen;
  for (const char c : kRoomCodeAlphabet) {
    EXPECT_TRUE((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z')) << c;
    EXPECT_TRUE(seen.insert(c).second) << "duplicate " << c;
  }
  EXPECT_EQ(kRoomCodeAlphabet.size(), 31u);
}

TEST(RoomCodeAlphabet, GivesAtLeastFortyBitsOfEntropy) {
  const double bits = static_cast<double>(kRoomCodeLength) *
                      std::log2(static_cast<double>(kRoomCodeAlphabet.size()));
  EXPECT_GE(bits, 40.0);
  EXPECT_GE(kRoomCodeLength, 8u);
}

TEST(RoomCode, GeneratedCodesAreValidAndUnique) {
  const RandomSource random = seeded(42);
  std::unordered_set<std::string> codes;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const std::string code = generateRoomCode(random);
    ASSERT_EQ(code.size(), kRoomCodeLength);
    ASSERT_TRUE(isValidRoomCode(code)) << code;
    codes.insert(code);
  }
  EXPECT_EQ(codes.size(), static_cast<std::size_t>(kDraws));
}

TEST(RoomCode, SymbolsAreRoughlyUniform) {
  const RandomSource random = seeded(7);
  std::map<char, int> counts;
  constexpr int kCodes = 31000;
  for (int i = 0; i < kCodes; ++i) {
    for (const char c : generateRoomCode(random)) {
      ++counts[c];
    }
  }
  ASSERT_EQ(counts.size(), kRoomCodeAlphabet.size());
  const double expected = static_cast<double>(kCodes) * kRoomCodeLength / 31.0;  // 10000
  for (const auto& [symbol, count] : counts) {
    // ±5% is > 5 sigma for 10k expected hits.
    EXPECT_NEAR(count, expected, expected * 0.05) << symbol;
  }
}

TEST(RoomCode, RejectionSamplingSkipsTheBiasedTail) {
  // 2^64 mod 31 == 16: the top 16 values would favour the first 16 symbols, so they are drawn
  // again. The fake source returns the tail first, then a value that maps to index 5.
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::uint64_t> values = {kMax, kMax - 15, 31 * 1000 + 5};
  std::size_t calls = 0;
  const RandomSource fake = [&] { return values.at(calls++); };
  EXPECT_EQ(drawAlphabetIndex(fake), 5u);
  EXPECT_EQ(calls, 3u);

  // The largest accepted value is the last one of a complete block and maps to index 30.
  calls = 0;
  values = {kMax - 16};
  EXPECT_EQ(drawAlphabetIndex(fake), 30u);
  EXPECT_EQ(calls, 1u);
}

TEST(RoomCode, BrokenSourceThrowsInsteadOfHanging) {
  const RandomSource stuck = [] { return std::numeric_limits<std::uint64_t>::max(); };
  EXPECT_THROW(generateRoomCode(stuck), std::runtime_error);
}

TEST(RoomCode, ValidationIsStrictAndCanonical) {
  EXPECT_TRUE(isValidRoomCode("23456789AB"));
  EXPECT_TRUE(isValidRoomCode("ZZZZZZZZZZ"));
  EXPECT_FALSE(isValidRoomCode(""));
  EXPECT_FALSE(isValidRoomCode("23456789A"));    // too short
  EXPECT_FALSE(isValidRoomCode("23456789ABC"));  // too long
  EXPECT_FALSE(isValidRoomCode("23456789ab"));   // lower case is not canonical
  EXPECT_FALSE(isValidRoomCode("0345678923"));   // ambiguous 0
  EXPECT_FALSE(isValidRoomCode("O345678923"));   // ambiguous O
  EXPECT_FALSE(isValidRoomCode("1345678923"));
  EXPECT_FALSE(isValidRoomCode("I345678923"));
  EXPECT_FALSE(isValidRoomCode("L345678923"));
  EXPECT_FALSE(isValidRoomCode("2345-78923"));
  EXPECT_FALSE(isValidRoomCode("2345{78923"));
  EXPECT_FALSE(isValidRoomCode(std::string_view("23456789A\0", 10)));
}

TEST(RoomCode, NormalizeUpperCasesOnly) {
  EXPECT_EQ(normalizeRoomCode("23456789ab"), "23456789AB");
  EXPECT_EQ(normalizeRoomCode("23456789AB"), "23456789AB");
  EXPECT_EQ(normalizeRoomCode("abcdefghjk"), "ABCDEFGHJK");
  EXPECT_EQ(normalizeRoomCode("23456789al"), std::nullopt);  // l → L is still excluded
  EXPECT_EQ(normalizeRoomCode("23456789ao"), std::nullopt);
  EXPECT_EQ(normalizeRoomCode(" 23456789A"), std::nullopt);  // no trimming
  EXPECT_EQ(normalizeRoomCode(""), std::nullopt);
}

}  // namespace
}  // namespace streamit::rooms
