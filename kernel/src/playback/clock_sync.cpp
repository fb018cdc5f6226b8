#include "playback/clock_sync.h"

#include <cmath>

namespace streamit::playback {

ClockSample fromPong(double t0, double t1, double t2, double t3) {
  return ClockSample{((t1 - t0) + (t2 - t3)) / 2.0, (t3 - t0) - (t2 - t1)};
}

bool ClockFilter::add(const ClockSample& sample) {
  if (!std::isfinite(sample.offset_ms) || !std::isfinite(sample.delay_ms) ||
      sample.delay_ms < 0.0) {
    return false;
  }
  samples_[next_] = sample;
  next_ = (next_ + 1) % kCapacity;
  if (size_ < kCapacity) {
    ++size_;
  }
  return true;
}

std::optional<ClockSample> ClockFilter::best() const {
  std::optional<ClockSample> best;
  // Walk from oldest to newest so `<=` lets the newest of equal-delay samples win.
  for (std::size_t i = 0; i < size_; ++i) {
    const ClockSample& sample = samples_[(next_ + kCapacity - size_ + i) % kCapacity];
    if (!best || sample.delay_ms <= best->delay_ms) {
      best = sample;
    }
  }
  return best;
}

void ClockFilter::clear() {
  next_ = 0;
  size_ = 0;
}

}  // namespace streamit::playback
