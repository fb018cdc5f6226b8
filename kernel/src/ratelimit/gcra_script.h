#pragma once

#include "realtime/realtime_store.h"

namespace streamit::ratelimit {

// GCRA (see gcra.h) applied atomically in the realtime store, on the store's clock so every
// node agrees:
//   KEYS[1] = the limiter key; ARGV[1] = emission interval ms; ARGV[2] = burst.
//   Returns {1, 0} when allowed, {0, retry_after_ms} when refused. The key's TTL is the time
//   until the bucket is full again, so idle keys disappear.
const realtime::Script& gcraScript();

}  // namespace streamit::ratelimit
