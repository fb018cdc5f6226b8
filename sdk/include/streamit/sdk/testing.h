// Header-only test double for plugin authors: a HostV1 you can construct in a unit test, so a
// plugin class can be exercised without a kernel. Not used by the kernel.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "streamit/sdk/host_v2.h"
#include "streamit/sdk/types.h"

namespace streamit::sdk::testing {

// Thread-safe. Cache entries never expire (the TTL is recorded, not enforced). A HostV2:
// set `accounts` to hand the plugin an account store; construct the plugin with
// Host(&fake, &fake).
class FakeHost final : public HostV2 {
 public:
  explicit FakeHost(std::string configJson = "{}") : config_(std::move(configJson)) {}

  void log(StreamItLogLevel level, StreamItStr message) noexcept override {
    std::lock_guard lock(mutex_);
    logs.emplace_back(level, toString(message));
  }
  StreamItStr configJson() const noexcept override { return toStr(config_); }
  StreamItStatus cacheGet(StreamItStr key, BytesSinkV1& value) noexcept override {
    std::lock_guard lock(mutex_);
    auto it = cache.find(toString(key));
    if (it == cache.end())
      return STREAMIT_STATUS_NOT_FOUND;
    value.put(toStr(it->second.first));
    return STREAMIT_STATUS_OK;
  }
  StreamItStatus cacheSet(StreamItStr key, StreamItStr value, uint32_t ttl_ms) noexcept override {
    if (ttl_ms == 0)
      return STREAMIT_STATUS_INVALID_ARGUMENT;
    std::lock_guard lock(mutex_);
    cache[toString(key)] = {toString(value), ttl_ms};
    return STREAMIT_STATUS_OK;
  }
  // Answers with `http` when set, else UNAVAILABLE.
  StreamItStatus httpRequest(const StreamItHttpRequest* request, HttpResponseSinkV1& response,
                             BytesSinkV1& error) noexcept override {
    if (!http) {
      error.put(toStr("no HTTP in FakeHost"));
      return STREAMIT_STATUS_UNAVAILABLE;
    }
    HttpRequest req{toString(request->method),
                    toString(request->url),
                    {},
                    toString(request->body),
                    request->timeout_ms};
    HttpResponse res = http(req);
    response.response(res.status, nullptr, 0, toStr(res.body));
    return STREAMIT_STATUS_OK;
  }
  void counterAdd(StreamItStr name, uint64_t by) noexcept override {
    std::lock_guard lock(mutex_);
    counters[toString(name)] += by;
  }

  AccountStoreV1* accountStore() noexcept override { return accounts; }

  std::vector<std::pair<StreamItLogLevel, std::string>> logs;
  AccountStoreV1* accounts = nullptr;
  std::map<std::string, std::pair<std::string, uint32_t>> cache;  // key → (value, ttl_ms)
  std::map<std::string, uint64_t> counters;
  std::function<HttpResponse(const HttpRequest&)> http;

 private:
  std::string config_;
  std::mutex mutex_;
};

}  // namespace streamit::sdk::testing
