#include "loadgen/stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace streamit::bench {

namespace {

double percentile(const std::vector<std::int64_t>& sorted, double p) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  const std::size_t index = rank == 0 ? 0 : rank - 1;
  return static_cast<double>(sorted[std::min(index, sorted.size() - 1)]) / 1e6;
}

}  // namespace

Summary summarize(std::vector<std::int64_t>& samples) {
  Summary summary;
  summary.count = samples.size();
  if (samples.empty()) {
    return summary;
  }
  std::sort(samples.begin(), samples.end());
  summary.p50Ms = percentile(samples, 50);
  summary.p90Ms = percentile(samples, 90);
  summary.p99Ms = percentile(samples, 99);
  summary.maxMs = static_cast<double>(samples.back()) / 1e6;
  double total = 0;
  for (const auto sample : samples) {
    total += static_cast<double>(sample);
  }
  summary.meanMs = total / static_cast<double>(samples.size()) / 1e6;
  return summary;
}

std::string toJson(const Summary& summary) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer,
                "{\"count\":%zu,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
                "\"mean_ms\":%.3f}",
                summary.count, summary.p50Ms, summary.p90Ms, summary.p99Ms, summary.maxMs,
                summary.meanMs);
  return buffer;
}

}  // namespace streamit::bench
