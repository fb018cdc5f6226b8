// The pure display-name rules, byte by byte.
#include "display_name.h"

#include <gtest/gtest.h>

#include <string>

namespace streamit::guest {
namespace {

std::string accepted(std::string_view raw) {
  auto r = checkDisplayName(raw, defaultReservedNames());
  if (const auto* rejected = std::get_if<NameRejection>(&r))
    return "REJECTED " + rejected->message;
  return std::get<std::string>(r);
}

std::string rejection(std::string_view raw) {
  auto r = checkDisplayName(raw, defaultReservedNames());
  const auto* rejected = std::get_if<NameRejection>(&r);
  return rejected != nullptr ? rejected->message : "accepted";
}

TEST(DisplayName, AcceptsAndTrims) {
  EXPECT_EQ(accepted("Ann"), "Ann");
  EXPECT_EQ(accepted("  Zoë 🎬\t\n"), "Zoë 🎬");
  EXPECT_EQ(accepted("\u3000映画\u00a0"), "映画");            // ideographic / no-break spaces
  EXPECT_EQ(accepted("Ann  Lee"), "Ann  Lee");                // inner spaces are the user's
  EXPECT_EQ(accepted("👩\u200d👩\u200d👧"), "👩\u200d👩\u200d👧");  // ZWJ sequences
}

TEST(DisplayName, CountsCodePointsNotBytes) {
  std::string emoji32;
  for (int i = 0; i < 32; ++i)
    emoji32 += "🎬";  // 128 bytes
  EXPECT_EQ(accepted(emoji32), emoji32);
  EXPECT_EQ(rejection(emoji32 + "x"), "display_name: must be at most 32 characters");
  EXPECT_EQ(accepted(std::string(32, 'a')), std::string(32, 'a'));
  EXPECT_EQ(accepted("  " + std::string(32, 'a') + "  "), std::string(32, 'a'));
}

TEST(DisplayName, RefusesEmptyControlAndInvalidUtf8) {
  EXPECT_EQ(rejection(""), "display_name: must not be empty");
  EXPECT_EQ(rejection(" \t\u3000 "), "display_name: must not be empty");
  for (const std::string& bad :
       {std::string("a\x01"
                    "b"),
        std::string("a\tb"), std::string("a\nb"), std::string("a\x7f"), std::string("a\u0085b"),
        std::string("a\u202eb"), std::string("a\u2066b"), std::string("a\u2028b"),
        std::string("a\0b", 3)}) {
    EXPECT_EQ(rejection(bad), "display_name: must not contain control characters") << bad;
  }
  for (const std::string& bad :
       {std::string("\xff"), std::string("a\xc3"), std::string("\xc0\xaf"),  // overlong '/'
        std::string("\xe0\x80\xaf"), std::string("\xed\xa0\x80"),            // surrogate
        std::string("\xf4\x90\x80\x80"),                                     // > U+10FFFF
        std::string("\x80"), std::string("Zo\xeb")}) {                       // Latin-1
    EXPECT_EQ(rejection(bad), "display_name: must be valid UTF-8");
  }
}

TEST(DisplayName, ReservedNamesAreCaseInsensitiveAndTrimmed) {
  for (const char* name : {"admin", "ADMIN", " Host ", "System", "StreamIt"}) {
    EXPECT_NE(rejection(name).find("is reserved"), std::string::npos) << name;
  }
  EXPECT_EQ(accepted("admin2"), "admin2");
  EXPECT_EQ(accepted("the host"), "the host");
  auto custom = checkDisplayName("MoDerator", {"moderator"});
  EXPECT_TRUE(std::holds_alternative<NameRejection>(custom));
  EXPECT_TRUE(std::holds_alternative<std::string>(checkDisplayName("admin", {})));
}

}  // namespace
}  // namespace streamit::guest
