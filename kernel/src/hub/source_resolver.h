#pragma once

#include <string>

#include "playback/playback_state.h"

namespace streamit::plugins {
class PluginManager;
}

// `playback.set_source {provider, ref}` → the PlaybackSource the room will play, resolved by the
// provider plugin (the same plugin call as POST /api/v1/providers/{id}/resolve). Runs on a room
// strand: a provider may call its upstream, which must never happen on an I/O loop.
namespace streamit::hub {

// Failures carry the registered code to send back (PROVIDER_NOT_FOUND, SOURCE_NOT_FOUND,
// VALIDATION_FAILED, PROVIDER_UNAVAILABLE); see source_resolver.cpp.
playback::PlaybackSource resolveSource(plugins::PluginManager& plugins, const std::string& provider,
                                       const std::string& reference);

}  // namespace streamit::hub
