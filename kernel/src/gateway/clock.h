#pragma once

#include <chrono>
#include <cstdint>

namespace streamit::gateway {

// The loops' clock (steady: immune to wall-clock jumps). The pure parts never read it; they are
// given the time, so their tests need no sleeping.
inline std::int64_t steadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline std::int64_t steadyNowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace streamit::gateway
