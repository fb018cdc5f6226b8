#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "log/logger.h"
#include "plugins/outbound_session.h"
#include "streamit/sdk/host_v2.h"

namespace streamit::metrics {
class Registry;
}
namespace streamit::realtime {
class RealtimeStore;
}

namespace streamit::plugins {

// Limits the kernel applies to every plugin's outbound HTTP.
struct HttpLimits {
  std::chrono::milliseconds connectTimeout{2000};
  std::chrono::milliseconds defaultTimeout{5000};  // receive timeout when the plugin gives none
  std::chrono::milliseconds maxTimeout{15000};     // cap on what a plugin may ask for
  std::uint64_t maxResponseBytes = 8u << 20;
};

// Cache entries may live at most this long, whatever the plugin asks.
inline constexpr std::chrono::milliseconds kMaxCacheTtl = std::chrono::hours(24 * 7);

// realtime::keys::pluginCache ("plugin:{<id>}:cache:<key>"), or empty when a part has
// characters outside [A-Za-z0-9_.:-] or the key is longer than 512 bytes, so a plugin can never
// reach another plugin's (or the kernel's) keys.
std::string pluginCacheKey(std::string_view pluginId, std::string_view key);

// The kernel's HostV2 (a HostV1 to older plugins) for one plugin instance. Owned by the
// instance record in PluginManager; outlives the plugin object. `store` and `metrics` may be
// null (cache → UNAVAILABLE, counters dropped) and must otherwise outlive this object;
// `accounts` is null unless this instance is granted the accounts table (auth plugins) and
// must outlive it. Thread-safe.
class HostServices final : public sdk::HostV2 {
 public:
  HostServices(std::string pluginId, std::string configJson, realtime::RealtimeStore* store,
               metrics::Registry* metrics, HttpLimits httpLimits,
               sdk::AccountStoreV1* accounts = nullptr);
  ~HostServices() override = default;
  HostServices(const HostServices&) = delete;
  HostServices& operator=(const HostServices&) = delete;

  void log(StreamItLogLevel level, StreamItStr message) noexcept override;
  StreamItStr configJson() const noexcept override;
  StreamItStatus cacheGet(StreamItStr key, sdk::BytesSinkV1& value) noexcept override;
  StreamItStatus cacheSet(StreamItStr key, StreamItStr value, uint32_t ttl_ms) noexcept override;
  StreamItStatus httpRequest(const StreamItHttpRequest* request, sdk::HttpResponseSinkV1& response,
                             sdk::BytesSinkV1& error) noexcept override;
  void counterAdd(StreamItStr name, uint64_t by) noexcept override;
  sdk::AccountStoreV1* accountStore() noexcept override { return accounts_; }

 private:
  sdk::AccountStoreV1* accounts_;
  std::string pluginId_;
  std::string configJson_;
  realtime::RealtimeStore* store_;
  metrics::Registry* metrics_;
  HttpLimits httpLimits_;
  OutboundSessionFactory sessions_;
  log::Logger logger_;
};

}  // namespace streamit::plugins
