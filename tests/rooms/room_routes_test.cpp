// The REST input rules that do not need a server: room titles.
#include <gtest/gtest.h>

#include "http/api_error.h"
#include "rooms/room_routes.h"

namespace streamit::rooms {
namespace {

std::string refusal(const std::string& raw) {
  try {
    validatedTitle(raw);
  } catch (const http::ApiError& e) {
    return std::string(e.code().code) + ":" + e.details().at("field");
  }
  return "accepted";
}

std::string repeat(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += unit;
  return out;
}

TEST(RoomTitle, IsTrimmedAndCountedInCodePoints) {
  EXPECT_EQ(validatedTitle("  Movie night \t\n"), "Movie night");
  EXPECT_EQ(validatedTitle("Zoë 🎬"), "Zoë 🎬");
  // 120 two-byte and four-byte code points are fine; one more is not.
  EXPECT_EQ(validatedTitle(repeat("é", 120)), repeat("é", 120));
  EXPECT_EQ(validatedTitle(repeat("🎬", 120)), repeat("🎬", 120));
  EXPECT_EQ(refusal(repeat("é", 121)), "VALIDATION_FAILED:title");
  EXPECT_EQ(refusal(repeat("a", 121)), "VALIDATION_FAILED:title");
  EXPECT_EQ(refusal(" " + repeat("a", 120) + " "), "accepted");
}

TEST(RoomTitle, EmptyAfterTrimmingIsRefused) {
  EXPECT_EQ(refusal(""), "VALIDATION_FAILED:title");
  EXPECT_EQ(refusal("   \t "), "VALIDATION_FAILED:title");
}

}  // namespace
}  // namespace streamit::rooms
