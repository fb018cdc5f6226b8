// provider.direct: a direct media URL (MP4/WebM or HLS) as the reference. Probes it through the
// host's HTTP client after an SSRF check of every address the host name resolves to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "address_classifier.h"
#include "media_url.h"
#include "streamit/sdk/plugin.h"

namespace streamit::direct {

inline constexpr const char* kPluginId = "provider.direct";

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "allow_private_networks": {"type": "boolean", "default": false,
      "description": "permit RFC 1918, unique-local (fc00::/7) and CGNAT (100.64/10) addresses"},
    "allow_loopback": {"type": "boolean", "default": false,
      "description": "permit 127/8 and ::1 (tests, single-host setups)"},
    "timeout_ms": {"type": "integer", "minimum": 100, "maximum": 15000, "default": 5000,
      "description": "receive timeout of each upstream request"},
    "max_playlist_bytes": {"type": "integer", "minimum": 1024, "maximum": 8388608,
      "default": 1048576, "description": "largest HLS playlist accepted"},
    "max_redirects": {"type": "integer", "minimum": 0, "maximum": 5, "default": 3,
      "description": "redirects followed, each target checked like the reference"}
  }
})json";

struct DirectConfig {
  AddressPolicy policy;
  uint32_t timeoutMs = 5000;
  uint64_t maxPlaylistBytes = 1 << 20;
  uint32_t maxRedirects = 3;
};

// Reads the (schema-validated) config JSON; throws std::invalid_argument naming the key.
DirectConfig parseDirectConfig(std::string_view json);

// Thread safety: immutable after construction; the host is thread-safe.
class DirectProvider final : public sdk::PlaybackProvider {
 public:
  explicit DirectProvider(sdk::Host host);

  sdk::PlaybackSource resolveSource(std::string_view reference) override;
  void checkSource(std::string_view reference) override;

 private:
  struct Fetched {
    sdk::HttpResponse response;
    std::string finalUrl;  // after redirects
  };
  struct Probe {
    uint32_t status = 0;
    std::string contentType;  // lower-cased, parameters removed
    std::string finalUrl;
  };

  MediaUrl parse(std::string_view reference) const;
  void checkHost(const MediaUrl& url) const;
  Fetched fetch(const MediaUrl& url, const std::string& method,
                const std::vector<std::pair<std::string, std::string>>& headers) const;
  Probe probe(const MediaUrl& url) const;

  sdk::Host host_;
  DirectConfig config_;
};

}  // namespace streamit::direct
