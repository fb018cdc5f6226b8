#pragma once

#include <cstdint>

#include "rooms/lifecycle.h"

namespace streamit::rooms {

// The `rooms:` section: lifecycle durations (seconds, like the policy they feed) and how often
// the room service talks to the database (milliseconds).
struct RoomsConfig {
  std::int64_t grace_period_s = 60;
  std::int64_t unclaimed_timeout_s = 600;
  std::int64_t retention_s = 86400;
  int sweep_interval_ms = 1000;        // how often each node looks for due deadlines
  int viewer_sync_interval_ms = 5000;  // buffered viewer counts are written this often
  int public_cache_ms = 1000;          // the public list is re-read at most this often

  LifecyclePolicy policy() const {
    return LifecyclePolicy{grace_period_s, unclaimed_timeout_s, retention_s};
  }
};

}  // namespace streamit::rooms
