#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "metrics/registry.h"
#include "ratelimit/gcra.h"
#include "realtime/realtime_store.h"

namespace streamit::ratelimit {

struct Verdict {
  bool allowed = true;
  std::int64_t retryAfterMs = 0;
};

// Per-key limits shared by every node through the realtime store. When the store cannot
// answer, the same limit is applied per process instead (documented fallback: with N nodes a
// client may then get up to N times the limit) — limiting never fails open entirely and never
// turns a store outage into refused requests. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(realtime::RealtimeStore& store, metrics::Registry& metrics);

  // `scope` names the limit (e.g. "catalog_search"); `subject` the client (e.g. its address).
  Verdict check(const std::string& scope, const std::string& subject, const Limit& limit);

 private:
  Verdict checkLocally(const std::string& key, const Limit& limit);

  realtime::RealtimeStore& store_;
  metrics::Counter& refused_;
  metrics::Counter& fallbacks_;
  std::mutex mutex_;
  std::map<std::string, std::int64_t> localTat_;
};

}  // namespace streamit::ratelimit
