// Username and password rules of auth.local.
#include "credential_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace streamit::local {
namespace {

std::string folded(std::string_view raw) {
  auto result = normalizeUsername(raw);
  if (const auto* rejected = std::get_if<PolicyRejection>(&result))
    return "!" + rejected->message;
  return std::get<std::string>(result);
}

TEST(UsernamePolicy, CaseFoldsAndKeepsTheAllowedSet) {
  EXPECT_EQ(folded("Ann"), "ann");
  EXPECT_EQ(folded("ANN.b_c-9"), "ann.b_c-9");
  EXPECT_EQ(folded("abc"), "abc");
  EXPECT_EQ(folded(std::string(32, 'z')), std::string(32, 'z'));
}

TEST(UsernamePolicy, RefusesLengthAndCharactersNamingTheField) {
  for (const std::string& raw :
       {std::string("ab"), std::string(33, 'a'), std::string(""), std::string("an n"),
        std::string("ann@x"), std::string("Zoë12"), std::string("аnn"),  // Cyrillic а
        std::string("ann\n"), std::string("a{b}c"), std::string("ann:1")}) {
    const std::string result = folded(raw);
    ASSERT_FALSE(result.empty());
    EXPECT_EQ(result.rfind("!username: ", 0), 0u) << raw << " → " << result;
  }
}

TEST(PasswordPolicy, LengthInCodePointsAndBytes) {
  EXPECT_FALSE(checkPassword("0123456789", "ann"));
  EXPECT_TRUE(checkPassword("012345678", "ann"));
  // Ten code points of two bytes each: long enough.
  EXPECT_FALSE(checkPassword("éééééééééé", "ann"));
  EXPECT_TRUE(checkPassword("ééééé", "ann"));  // ten bytes, five characters
  EXPECT_FALSE(checkPassword(std::string(256, 'x'), "ann"));
  const auto tooLong = checkPassword(std::string(257, 'x'), "ann");
  ASSERT_TRUE(tooLong);
  EXPECT_EQ(tooLong->message.rfind("password: ", 0), 0u);
  EXPECT_TRUE(checkPassword(std::string("abcdefghi\xff"), "ann"));  // not UTF-8
}

TEST(PasswordPolicy, NotTheUsernameInAnyCase) {
  EXPECT_TRUE(checkPassword("long.username", "long.username"));
  EXPECT_TRUE(checkPassword("Long.UserName", "long.username"));
  EXPECT_FALSE(checkPassword("long.username!", "long.username"));
}

}  // namespace
}  // namespace streamit::local
