#pragma once

#include <string>

#include "playback/playback_state.h"

// The hot-path writer of the `playback.state` JSON: every accepted command is written once into
// the realtime store and once into the broadcast envelope, so it appends straight into a string
// instead of building Poco::JSON objects (≈10× cheaper, docs/benchmarks.md). The output parses
// back with playbackStateFromJsonString to an equal state (tests/playback/state_writer_test.cpp).
namespace streamit::playback {

// Appends the state's members without the enclosing braces, so callers can embed them in a
// larger object (the event envelope adds server_ms). Every key is written; absent optionals
// as null.
void appendStateMembers(std::string& out, const PlaybackState& state);

}  // namespace streamit::playback
