#pragma once

#include <cstdint>
#include <string>
#include <vector>

// Percentiles over latency samples in nanoseconds, reported in milliseconds.
namespace streamit::bench {

struct Summary {
  std::size_t count = 0;
  double p50Ms = 0;
  double p90Ms = 0;
  double p99Ms = 0;
  double maxMs = 0;
  double meanMs = 0;
};

// Sorts `samples` in place (nearest-rank percentiles).
Summary summarize(std::vector<std::int64_t>& samples);

// {"count":..,"p50_ms":..,...}
std::string toJson(const Summary& summary);

}  // namespace streamit::bench
