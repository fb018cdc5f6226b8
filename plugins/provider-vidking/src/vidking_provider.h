// provider.vidking: TMDB ids → VidKing embed iframes. Resolving is pure string work; only the
// availability check goes upstream (through the host's HTTP client).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "streamit/sdk/plugin.h"
#include "vidking_reference.h"

namespace streamit::vidking {

inline constexpr const char* kPluginId = "provider.vidking";

// JSON-Schema subset checked by the kernel before create(); create() adds what the subset
// cannot express (URL shape, hex color) and names the key when it refuses.
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {"type": "string", "default": "https://www.vidking.net",
                 "description": "VidKing origin (https in production); embed URLs start with it"},
    "color": {"type": "string",
              "description": "player accent color, 3 or 6 hex digits without '#'"},
    "auto_play": {"type": "boolean", "description": "autoPlay query parameter"},
    "next_episode": {"type": "boolean", "description": "nextEpisode query parameter (tv)"},
    "episode_selector": {"type": "boolean",
                         "description": "episodeSelector query parameter (tv)"},
    "availability_cache_ttl_s": {"type": "integer", "minimum": 0, "maximum": 86400,
                                 "default": 300,
                                 "description": "how long a positive check is cached; 0 = off"},
    "availability_timeout_ms": {"type": "integer", "minimum": 100, "maximum": 15000,
                                "default": 3000,
                                "description": "receive timeout of the availability GET"}
  }
})json";

struct VidkingConfig {
  std::string baseUrl = "https://www.vidking.net";
  EmbedOptions defaults;
  uint32_t availabilityTimeoutMs = 3000;
  uint32_t availabilityCacheTtlS = 300;
};

// Reads the (schema-validated) config JSON; throws std::invalid_argument naming the key.
VidkingConfig parseVidkingConfig(std::string_view json);

// Thread safety: immutable after construction; the host is thread-safe.
class VidkingProvider final : public sdk::PlaybackProvider {
 public:
  explicit VidkingProvider(sdk::Host host);

  sdk::PlaybackSource resolveSource(std::string_view reference) override;
  void checkSource(std::string_view reference) override;

 private:
  Reference parse(std::string_view reference) const;

  sdk::Host host_;
  VidkingConfig config_;
};

}  // namespace streamit::vidking
