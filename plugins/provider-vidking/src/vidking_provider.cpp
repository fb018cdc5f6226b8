#include "vidking_provider.h"

#include <chrono>
#include <stdexcept>

#include "streamit/sdk/config_reader.h"

namespace streamit::vidking {

namespace {}  // namespace

VidkingConfig parseVidkingConfig(std::string_view json) {
  sdk::ConfigReader reader(json);
  VidkingConfig config;
  if (std::optional<std::string> base = reader.string("base_url"))
    config.baseUrl = *base;
  else if (reader.scalar("base_url"))  // the kernel's schema check lets numbers pass as strings
    throw std::invalid_argument("base_url: must be a string");
  config.baseUrl = normalizeBaseUrl(config.baseUrl);  // message starts with "base_url: "
  if (!reader.string("color") && reader.scalar("color"))
    throw std::invalid_argument("color: must be a string");
  if (std::optional<std::string> color = reader.string("color")) {
    if (!isHexColor(*color))
      throw std::invalid_argument("color: must be 3 or 6 hex digits without '#', got '" +
                                  color->substr(0, 16) + "'");
    config.defaults.color = *color;
  }
  config.defaults.autoPlay = reader.boolean("auto_play");
  config.defaults.nextEpisode = reader.boolean("next_episode");
  config.defaults.episodeSelector = reader.boolean("episode_selector");
  config.availabilityTimeoutMs = static_cast<uint32_t>(
      reader.integer("availability_timeout_ms", 100, 15000).value_or(config.availabilityTimeoutMs));
  config.availabilityCacheTtlS = static_cast<uint32_t>(
      reader.integer("availability_cache_ttl_s", 0, 86400).value_or(config.availabilityCacheTtlS));
  return config;
}

VidkingProvider::VidkingProvider(sdk::Host host)
    : host_(host), config_(parseVidkingConfig(host.configJson())) {
  if (config_.baseUrl.substr(0, 7) == "http://")
    host_.warn("base_url is plain http: use https://www.vidking.net outside tests");
}

Reference VidkingProvider::parse(std::string_view reference) const {
  try {
    return parseReference(reference);
  } catch (const ReferenceError& e) {
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, e.what());
  }
}

sdk::PlaybackSource VidkingProvider::resolveSource(std::string_view reference) {
  host_.count("resolves");
  Reference ref = parse(reference);
  sdk::PlaybackSource s;
  s.provider = kPluginId;
  s.stream_id = canonicalId(ref);
  s.kind = STREAMIT_SOURCE_EMBED;
  s.embed_url = buildEmbedUrl(config_.baseUrl, ref, config_.defaults);
  // The iframe accepts no play/pause/seek from the page; it only reports time, and the
  // client can seek by reloading with ?progress= (soft sync, SYNC.md item 7).
  s.capabilities = STREAMIT_CAP_REPORTS_TIME | STREAMIT_CAP_SEEK_BY_RELOAD;
  return s;
}

void VidkingProvider::checkSource(std::string_view reference) {
  host_.count("availability_checks");
  Reference ref = parse(reference);
  // Options do not change whether a title exists: probe the bare embed page.
  Reference bare = ref;
  bare.overrides = {};
  sdk::HttpRequest req;
  req.method = "GET";
  req.url = buildEmbedUrl(config_.baseUrl, bare, {});
  req.timeout_ms = config_.availabilityTimeoutMs;
  req.headers = {{"Accept", "text/html"}};
  std::string id = canonicalId(ref);
  // Popular titles are checked by many rooms: remember a positive answer for a while. The
  // cache is optional (store down → just ask upstream); negative answers are not cached so a
  // newly added title is seen at once.
  const std::string cacheKey = "available:" + id;
  const bool useCache = config_.availabilityCacheTtlS > 0;
  if (useCache) {
    try {
      if (host_.cacheGet(cacheKey)) {
        host_.count("availability_cache_hits");
        return;
      }
    } catch (const sdk::Error&) {
    }
  }
  sdk::HttpResponse res;
  try {
    res = host_.http(req);
  } catch (const sdk::Error& e) {
    host_.count("upstream_errors");
    throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE,
                     "VidKing unreachable for " + id + " (" + req.url + "): " + e.what());
  }
  if (res.status >= 200 && res.status < 400) {
    if (useCache) {
      try {
        host_.cacheSet(cacheKey, "1", std::chrono::seconds(config_.availabilityCacheTtlS));
      } catch (const sdk::Error&) {
      }
    }
    return;
  }
  if (res.status == 404 || res.status == 410)
    throw sdk::Error(STREAMIT_STATUS_NOT_FOUND,
                     "VidKing has no " + id + " (HTTP " + std::to_string(res.status) + ")");
  host_.count("upstream_errors");
  throw sdk::Error(
      STREAMIT_STATUS_UNAVAILABLE,
      "VidKing answered HTTP " + std::to_string(res.status) + " for " + id + " (" + req.url + ")");
}

}  // namespace streamit::vidking
