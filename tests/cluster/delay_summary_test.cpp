#include "cluster/delay_summary.h"

#include <gtest/gtest.h>

#include <string>

namespace streamit::cluster {
namespace {

TEST(DelaySummary, RoundTrips) {
  for (const DelaySummary summary : {DelaySummary{0, 1, 0}, DelaySummary{201, 3, 1764017719000},
                                     DelaySummary{999999, 5000, 999999999999999999}}) {
    const std::string text = encodeDelaySummary(summary);
    EXPECT_EQ(decodeDelaySummary(text), summary) << text;
  }
  EXPECT_EQ(encodeDelaySummary({201, 3, 1764017719000}), "201,3,1764017719000");
}

TEST(DelaySummary, AnythingButThreeCountsWithASampleIsRefused) {
  for (const std::string text :
       {"", "201", "201,3", "201,3,", ",3,1", "201,3,1,4", "201,0,1", "-1,3,1", "+1,3,1", " 1,3,1",
        "1 ,3,1", "1,3,1 ", "1.5,3,1", "0x10,3,1", "a,3,1", "1,,1", "1,3,1234567890123456789"}) {
    EXPECT_FALSE(decodeDelaySummary(text)) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace streamit::cluster
