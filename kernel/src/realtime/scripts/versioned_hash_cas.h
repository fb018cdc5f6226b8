#pragma once

#include "realtime/realtime_store.h"

namespace streamit::realtime::scripts {

// Optimistic update of a versioned hash (e.g. room state): applies field/value pairs and bumps
// the "version" field only when it still equals the expected one (a missing hash is version 0),
// then refreshes the TTL.
//   KEYS[1] = hash key; ARGV[1] = expected version; ARGV[2] = ttl ms; ARGV[3..] = field, value…
//   Returns {1, newVersion} when applied, {0, currentVersion} when the version moved on.
// Lua and native bodies are held to identical results by the conformance suite.
const Script& versionedHashCas();

}  // namespace streamit::realtime::scripts
