// Role interface for STREAMIT_KIND_PROVIDER, interface version 1.
#pragma once

#include "streamit/sdk/abi.h"
#include "streamit/sdk/host_v1.h"

namespace streamit::sdk {

// Receives a resolved source. Implemented by the kernel. The source and everything it points
// to are borrowed for the call. Thread safety: one call at a time per sink.
class PlaybackSourceSinkV1 {
 public:
  virtual void source(const StreamItPlaybackSource* source) noexcept = 0;
  // Human-readable reason for a non-OK status (borrowed for the call).
  virtual void error(StreamItStr message) noexcept = 0;

 protected:
  virtual ~PlaybackSourceSinkV1() = default;
};

// Ownership: the plugin's (freed by the descriptor's destroy). Lifetime: create → destroy.
// Thread safety: methods may be called concurrently from any thread.
class PlaybackProviderV1 {
 public:
  static constexpr StreamItPluginKind kKind = STREAMIT_KIND_PROVIDER;
  static constexpr uint32_t kInterfaceVersion = 1;

  // Resolves a media reference ("tmdb:603", "vidking:movie/603", a URL...) to one source.
  virtual StreamItStatus resolve(StreamItStr reference, PlaybackSourceSinkV1& out) noexcept = 0;
  // Checks the reference can be played right now. OK, NOT_FOUND or UNAVAILABLE (+ error()).
  virtual StreamItStatus checkAvailability(StreamItStr reference,
                                           PlaybackSourceSinkV1& out) noexcept = 0;

 protected:
  virtual ~PlaybackProviderV1() = default;
};

}  // namespace streamit::sdk
