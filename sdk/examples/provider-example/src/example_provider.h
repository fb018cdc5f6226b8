// provider.example: resolves "example:<slug>" to <base_url>/<slug>.mp4.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "streamit/sdk/config_reader.h"
#include "streamit/sdk/plugin.h"

namespace example {

namespace sdk = streamit::sdk;

// The config block the kernel validates before create() runs.
inline constexpr const char* kConfigSchema = R"({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "description": "where the MP4 files are served"},
    "cache_ttl_s": {"type": "integer", "description": "how long resolved sources are cached"}
  },
  "required": ["base_url"],
  "additionalProperties": false
})";

class ExampleProvider final : public sdk::PlaybackProvider {
 public:
  explicit ExampleProvider(sdk::Host host) : host_(host) {
    sdk::ConfigReader config(host_.configJson());
    baseUrl_ = config.string("base_url").value_or("");
    if (baseUrl_.empty())
      throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "base_url is empty");
    cacheTtl_ = std::chrono::seconds(std::stoi(config.scalar("cache_ttl_s").value_or("300")));
    host_.info("example provider ready");
  }

  sdk::PlaybackSource resolveSource(std::string_view reference) override {
    host_.count("resolves");
    constexpr std::string_view kPrefix = "example:";
    if (reference.substr(0, kPrefix.size()) != kPrefix || reference.size() == kPrefix.size()) {
      throw sdk::Error(STREAMIT_STATUS_NOT_FOUND, "not an example: reference");
    }
    std::string slug(reference.substr(kPrefix.size()));
    sdk::PlaybackSource source;
    source.provider = "provider.example";
    source.stream_id = slug;
    source.kind = STREAMIT_SOURCE_MP4;
    source.url = baseUrl_ + "/" + slug + ".mp4";
    source.poster = baseUrl_ + "/" + slug + ".jpg";
    source.capabilities = STREAMIT_CAP_CAN_SEEK | STREAMIT_CAP_CAN_PAUSE | STREAMIT_CAP_CAN_RATE |
                          STREAMIT_CAP_REPORTS_TIME;
    // Best effort: a cache outage must not stop playback.
    try {
      host_.cacheSet("source:" + slug, source.url, cacheTtl_);
    } catch (const sdk::Error& e) {
      host_.warn(std::string("cache unavailable: ") + e.what());
    }
    return source;
  }

 private:
  sdk::Host host_;
  std::string baseUrl_;
  std::chrono::milliseconds cacheTtl_{};
};

}  // namespace example
