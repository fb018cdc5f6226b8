#include "metrics/registry.h"

#include <gtest/gtest.h>

namespace streamit::metrics {
namespace {

TEST(Registry, RendersCountersGaugesAndCumulativeHistograms) {
  Registry registry;
  registry.counter("x_total", "x things", {{"k", "v\"q"}}).inc(3);
  registry.gauge("open", "open things").set(-2);
  auto& h = registry.histogram("lat_seconds", "latency", {}, {0.1, 1});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(7);
  const auto text = registry.renderPrometheus();
  EXPECT_NE(text.find("# TYPE x_total counter\nx_total{k=\"v\\\"q\"} 3\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("open -2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count 3\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_sum 7.55\n"), std::string::npos) << text;
}

TEST(Registry, SameNameAndLabelsIsTheSameMetric) {
  Registry registry;
  registry.counter("c", "c").inc();
  registry.counter("c", "c").inc();
  EXPECT_EQ(registry.counter("c", "c").value(), 2U);
  EXPECT_THROW(registry.gauge("c", "c"), std::logic_error);
}

TEST(Registry, CollectorsRunBeforeRender) {
  Registry registry;
  auto& g = registry.gauge("sampled", "sampled");
  registry.addCollector([&g] { g.set(11); });
  EXPECT_NE(registry.renderPrometheus().find("sampled 11"), std::string::npos);
}

}  // namespace
}  // namespace streamit::metrics
