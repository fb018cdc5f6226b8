#pragma once

#include <string>
#include <string_view>

#include "metrics/registry.h"

namespace streamit::realtime {

// Counts one failed Redis interaction. `op` is one of a small fixed set: "connect", "command",
// "script", "publish", "subscribe", "ping". Thread-safe.
inline void countRedisError(metrics::Registry& metrics, std::string_view op) {
  metrics
      .counter("streamit_backend_errors_total", "Backend calls that failed (down, timeout, error)",
               {{"backend", "redis"}, {"op", std::string(op)}})
      .inc();
}

inline metrics::Counter& redisReconnectCounter(metrics::Registry& metrics,
                                               std::string_view connection) {
  return metrics.counter("streamit_realtime_reconnects_total",
                         "Successful Redis (re)connections after a failure",
                         {{"connection", std::string(connection)}});
}

}  // namespace streamit::realtime
