// Retry-After in both RFC 9110 forms.
#include <gtest/gtest.h>

#include "retry_after.h"

namespace streamit::catalog_tmdb {
namespace {

using std::chrono::milliseconds;

// Sun, 06 Nov 1994 08:49:37 GMT (the RFC's example date).
const std::chrono::system_clock::time_point kNow{std::chrono::seconds(784111777)};

TEST(RetryAfter, DelaySeconds) {
  EXPECT_EQ(parseRetryAfter("1", kNow), milliseconds(1000));
  EXPECT_EQ(parseRetryAfter(" 120 ", kNow), milliseconds(120000));
  EXPECT_EQ(parseRetryAfter("0", kNow), milliseconds(0));
  EXPECT_EQ(parseRetryAfter("99999999999", kNow), milliseconds(std::chrono::hours(24)));
}

TEST(RetryAfter, HttpDatesInAllThreeFormats) {
  EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 08:49:40 GMT", kNow), milliseconds(3000));
  EXPECT_EQ(parseRetryAfter("Sunday, 06-Nov-94 08:49:42 GMT", kNow), milliseconds(5000));
  EXPECT_EQ(parseRetryAfter("Sun Nov  6 08:49:47 1994", kNow), milliseconds(10000));
  EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", kNow), milliseconds(0));  // past
}

TEST(RetryAfter, GarbageIsNotADelay) {
  EXPECT_EQ(parseRetryAfter("", kNow), std::nullopt);
  EXPECT_EQ(parseRetryAfter("soon", kNow), std::nullopt);
  EXPECT_EQ(parseRetryAfter("-5", kNow), std::nullopt);
  EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 25:00:00 GMT", kNow), std::nullopt);
  EXPECT_EQ(parseRetryAfter("Sun, 06 Foo 1994 08:00:00 GMT", kNow), std::nullopt);
  EXPECT_EQ(parseRetryAfter("1.5", kNow), std::nullopt);
}

}  // namespace
}  // namespace streamit::catalog_tmdb
