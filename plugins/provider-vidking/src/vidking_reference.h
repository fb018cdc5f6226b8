// Pure logic of provider.vidking: media references and embed URLs. No I/O, so every rule is
// unit-tested without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace streamit::vidking {

// A reference or option the caller got wrong; what() names the offending part.
class ReferenceError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Player options that become query parameters of the embed URL. Unset = not sent (the player's
// own default applies).
struct EmbedOptions {
  std::optional<std::string> color;  // 3 or 6 hex digits, no '#'
  std::optional<bool> autoPlay;
  std::optional<bool> nextEpisode;      // tv only
  std::optional<bool> episodeSelector;  // tv only
  std::optional<uint64_t> progress;     // start position, whole seconds
};

enum class MediaType { kMovie, kTv };

// One parsed reference: `movie:603`, `tv:1399:1:2`, optionally prefixed `tmdb:` and followed by
// `?key=value&...` overriding EmbedOptions for this reference only.
struct Reference {
  MediaType type = MediaType::kMovie;
  uint64_t tmdbId = 0;
  uint32_t season = 0;   // tv only
  uint32_t episode = 0;  // tv only
  EmbedOptions overrides;
};

// Throws ReferenceError with a message naming what is wrong.
Reference parseReference(std::string_view reference);

// The canonical, option-free form ("movie:603", "tv:1399:1:2"): the source's stream_id.
std::string canonicalId(const Reference& reference);

// Validates a config/override color: 3 or 6 hex digits without '#'.
bool isHexColor(std::string_view color);

// Checks `base_url` (http or https, a host, optional port and path prefix, no query, fragment
// or user info) and returns it without a trailing '/'. Throws ReferenceError naming the key.
std::string normalizeBaseUrl(std::string_view baseUrl);

// `base` (normalized) + /embed/movie/{id} or /embed/tv/{id}/{season}/{episode}, with the
// per-reference overrides applied over `defaults`. Parameters appear in a fixed order.
std::string buildEmbedUrl(std::string_view base, const Reference& reference,
                          const EmbedOptions& defaults);

}  // namespace streamit::vidking
