#pragma once

#include <chrono>
#include <cstdint>

namespace streamit::util {

// Wall-clock milliseconds since the Unix epoch: the "server_ms" clock of the API (CONTRACT.md:
// times are integer ms since the epoch). Not monotonic — use steady_clock for durations.
inline std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace streamit::util
