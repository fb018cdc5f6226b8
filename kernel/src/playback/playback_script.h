#pragma once

#include "realtime/realtime_store.h"

// The two atomic operations the playback engine needs on a room's state hash
// (keys::roomState). The hash holds three fields: "epoch" and "version" (decimal strings, for
// operators and tools reading the hash) and "state" (playback::toJsonString, which repeats
// epoch and version). Lua and native bodies are held to identical results by
// tests/playback/playback_engine_test.cpp, which runs every case on both stores.
namespace streamit::playback::scripts {

// Compare-and-set on the exact stored bytes: the command was computed from ARGV[1], so it may
// only replace ARGV[1]. (Comparing (epoch, version) alone is not enough once a node applies
// to the state it last saw: two rebuilds of a lost state from the same snapshot reuse an
// epoch, and their version 5s can differ.)
//   KEYS[1] = state hash; ARGV[1] = expected state JSON; ARGV[2] = new state JSON;
//   ARGV[3] = new version; ARGV[4] = ttl ms.
//   Returns {1} when written (TTL refreshed), {0, current state JSON} when the state is not
//   ARGV[1], {-1} when the hash is missing (the realtime state was lost).
const realtime::Script& playbackStateCas();

// Creates the hash only when it does not exist (two nodes rebuilding a lost state race safely).
//   KEYS[1] = state hash; ARGV[1] = epoch; ARGV[2] = version; ARGV[3] = state JSON;
//   ARGV[4] = ttl ms.
//   Returns {1} when created, {0, current state JSON} when a state was already there.
const realtime::Script& playbackStateInit();

}  // namespace streamit::playback::scripts
