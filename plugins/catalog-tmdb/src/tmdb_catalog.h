// catalog.tmdb: TMDB v3 search/details/seasons/episodes through the host's HTTP client and
// cache, with an outbound token bucket and Retry-After back-off.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "streamit/sdk/plugin.h"
#include "tmdb_normalize.h"
#include "token_bucket.h"

namespace streamit::catalog_tmdb {

inline constexpr const char* kPluginId = "catalog.tmdb";

inline constexpr const char* kConfigSchema = R"({
  "type": "object",
  "description": "TMDB v3 catalog. Give exactly one of api_key and bearer_token (or their _file forms).",
  "properties": {
    "api_key": {"type": "string", "secret": true, "description": "TMDB v3 API key (sent as the api_key query parameter)."},
    "bearer_token": {"type": "string", "secret": true, "description": "TMDB API read access token (sent as Authorization: Bearer)."},
    "api_key_file": {"type": "string", "description": "Absolute path of a file holding api_key (read by the plugin at create)."},
    "bearer_token_file": {"type": "string", "description": "Absolute path of a file holding bearer_token (read by the plugin at create)."},
    "base_url": {"type": "string", "default": "https://api.themoviedb.org/3", "description": "API root, without trailing slash."},
    "language": {"type": "string", "description": "ISO 639-1 language (optionally -region) for titles and overviews, e.g. en-US; empty = TMDB default."},
    "include_adult": {"type": "boolean", "default": false},
    "poster_size": {"type": "string", "enum": ["w92", "w154", "w185", "w342", "w500", "w780", "original"], "default": "w342"},
    "backdrop_size": {"type": "string", "enum": ["w300", "w780", "w1280", "original"], "default": "w780"},
    "still_size": {"type": "string", "enum": ["w92", "w185", "w300", "original"], "default": "w300"},
    "search_ttl_s": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 3600, "description": "Cache TTL of search pages; 0 = do not cache."},
    "details_ttl_s": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 86400, "description": "Cache TTL of details, seasons and episodes; 0 = do not cache."},
    "config_ttl_s": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 259200, "description": "Cache TTL of /configuration and the genre lists; 0 = do not cache."},
    "rate_per_s": {"type": "number", "minimum": 0.1, "maximum": 1000, "default": 20, "description": "Outbound requests per second (token bucket refill)."},
    "burst": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 20, "description": "Requests that may go at once (bucket size)."},
    "rate_wait_ms": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 1000, "description": "Longest a call waits for a token before failing with 'rate limited'."},
    "timeout_ms": {"type": "integer", "minimum": 100, "maximum": 15000, "default": 5000, "description": "Per-request send/receive timeout (capped by the kernel)."},
    "max_retries": {"type": "integer", "minimum": 0, "maximum": 3, "default": 1, "description": "Retries after HTTP 429."},
    "max_backoff_ms": {"type": "integer", "minimum": 0, "maximum": 30000, "default": 5000, "description": "Longest Retry-After honoured; a longer one fails the call at once."}
  },
  "additionalProperties": false
})";

struct TmdbConfig {
  std::string apiKey;
  std::string bearerToken;
  std::string baseUrl = "https://api.themoviedb.org/3";
  std::string language;
  bool includeAdult = false;
  std::string posterSize = "w342";
  std::string backdropSize = "w780";
  std::string stillSize = "w300";
  std::chrono::seconds searchTtl{3600};
  std::chrono::seconds detailsTtl{86400};
  std::chrono::seconds configTtl{259200};
  double ratePerSecond = 20;
  double burst = 20;
  std::chrono::milliseconds rateWait{1000};
  uint32_t timeoutMs = 5000;
  uint32_t maxRetries = 1;
  std::chrono::milliseconds maxBackoff{5000};
};

// Reads and cross-checks the (schema-validated) config JSON. Throws sdk::Error naming the key.
TmdbConfig readConfig(std::string_view json);

// Thread-safe: the bucket and the 429 cool-down are the only shared mutable state.
class TmdbCatalog final : public sdk::Catalog {
 public:
  explicit TmdbCatalog(sdk::Host host);

  sdk::CatalogPage searchItems(const sdk::CatalogQuery& query) override;
  sdk::CatalogItem itemDetails(std::string_view id) override;
  std::vector<sdk::CatalogItem> listEpisodes(std::string_view id, uint32_t season) override;

 private:
  using Params = std::vector<std::pair<std::string, std::string>>;

  // The body of a 200 answer to GET base_url + path, from the host cache when there (`ttl` 0 =
  // never cached). `what` names the resource in error messages.
  std::string fetch(const std::string& path, Params params, std::chrono::seconds ttl,
                    const std::string& cacheKind, const std::string& what);
  std::string upstream(const std::string& url, const std::string& what);
  void takeToken();
  void waitCooldown(const std::string& what);
  std::string scrub(std::string text) const;
  ImageConfig images();
  GenreMap genres(const std::string& type);

  sdk::Host host_;
  TmdbConfig config_;
  std::mutex bucketMutex_;
  TokenBucket bucket_;
  // steady_clock ticks until which nobody sends (set by a 429): one caller's back-off holds
  // all callers, so concurrent requests do not hammer a limiting upstream.
  std::atomic<int64_t> cooldownUntil_{0};
};

}  // namespace streamit::catalog_tmdb
