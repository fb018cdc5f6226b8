#include "ratelimit/rate_limiter.h"

#include <chrono>

#include "ratelimit/gcra_script.h"
#include "realtime/keys.h"

namespace streamit::ratelimit {
namespace {

// Local buckets are dropped once this many exist, so a flood of distinct subjects cannot grow
// memory without bound while the store is down.
constexpr std::size_t kMaxLocalKeys = 100000;

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RateLimiter::RateLimiter(realtime::RealtimeStore& store, metrics::Registry& metrics)
    : store_(store),
      refused_(metrics.counter("streamit_rate_limited_total", "Requests refused by a rate limit")),
      fallbacks_(
          metrics.counter("streamit_rate_limit_local_fallback_total",
                          "Rate-limit checks decided in-process because the store was down")) {}

Verdict RateLimiter::check(const std::string& scope, const std::string& subject,
                           const Limit& limit) {
  const std::string key = realtime::keys::rateLimit(scope, subject);
  Verdict verdict;
  try {
    const auto reply = store_.eval(gcraScript(), {key},
                                   {std::to_string(emissionIntervalMs(limit)),
                                    std::to_string(std::max<std::int64_t>(1, limit.burst))});
    verdict = Verdict{reply.array.at(0).integer == 1, reply.array.at(1).integer};
  } catch (const realtime::StoreUnavailable&) {
    fallbacks_.inc();
    verdict = checkLocally(key, limit);
  }
  if (!verdict.allowed)
    refused_.inc();
  return verdict;
}

Verdict RateLimiter::checkLocally(const std::string& key, const Limit& limit) {
  const std::int64_t now = systemNowMs();
  std::lock_guard lock(mutex_);
  if (localTat_.size() >= kMaxLocalKeys)
    localTat_.clear();
  const auto it = localTat_.find(key);
  const auto decision =
      gcra(it == localTat_.end() ? std::nullopt : std::optional(it->second), now, limit);
  if (decision.allowed)
    localTat_[key] = decision.newTatMs;
  return Verdict{decision.allowed, decision.retryAfterMs};
}

}  // namespace streamit::ratelimit
