#pragma once

#include <algorithm>
#include <chrono>

namespace streamit::realtime {

// Exponential back-off between reconnect attempts. Pure: the caller supplies the time, so the
// policy is unit-tested without sleeping. Not thread-safe; the owner guards it.
//
// While failing, only one attempt per window is allowed: beginAttempt() reserves the slot by
// pushing the next allowed time out, so concurrent callers fail fast instead of all hammering
// a server that just went down.
class ReconnectBackoff {
 public:
  using Clock = std::chrono::steady_clock;
  using Duration = std::chrono::milliseconds;

  ReconnectBackoff(Duration min, Duration max)
      : min_(std::max(min, Duration(1))), max_(std::max(max, min_)), current_(min_) {}

  bool failing() const { return failing_; }

  // True when a network attempt may be made now.
  bool beginAttempt(Clock::time_point now) {
    if (!failing_)
      return true;
    if (now < retryAt_)
      return false;
    retryAt_ = now + current_;
    return true;
  }

  void onFailure(Clock::time_point now) {
    if (failing_) {
      current_ = std::min(current_ * 2, max_);
    } else {
      failing_ = true;
      current_ = min_;
    }
    retryAt_ = now + current_;
  }

  void onSuccess() {
    failing_ = false;
    current_ = min_;
  }

  Duration currentDelay() const { return current_; }
  Clock::time_point retryAt() const { return retryAt_; }

 private:
  Duration min_;
  Duration max_;
  Duration current_;
  bool failing_ = false;
  Clock::time_point retryAt_{};
};

}  // namespace streamit::realtime
