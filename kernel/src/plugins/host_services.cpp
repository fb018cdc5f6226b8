#include "plugins/host_services.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <algorithm>
#include <exception>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "metrics/registry.h"
#include "realtime/keys.h"
#include "realtime/realtime_store.h"
#include "streamit/sdk/types.h"

namespace streamit::plugins {

using sdk::toStr;
using sdk::view;

namespace {

bool isMetricName(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Poco::Timespan toTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

}  // namespace

std::string pluginCacheKey(std::string_view pluginId, std::string_view key) {
  if (key.size() > 512)
    return {};
  try {
    return realtime::keys::pluginCache(pluginId, key);
  } catch (const std::invalid_argument&) {
    return {};  // a part outside [A-Za-z0-9_.:-]: could forge another namespace or a glob
  }
}

HostServices::HostServices(std::string pluginId, std::string configJson,
                           realtime::RealtimeStore* store, metrics::Registry* metrics,
                           HttpLimits httpLimits, sdk::AccountStoreV1* accounts)
    : accounts_(accounts),
      pluginId_(std::move(pluginId)),
      configJson_(std::move(configJson)),
      store_(store),
      metrics_(metrics),
      httpLimits_(httpLimits),
      logger_("plugin") {}

void HostServices::log(StreamItLogLevel level, StreamItStr message) noexcept {
  try {
    log::Level lvl = level == STREAMIT_LOG_DEBUG   ? log::Level::kDebug
                     : level == STREAMIT_LOG_WARN  ? log::Level::kWarn
                     : level >= STREAMIT_LOG_ERROR ? log::Level::kError
                                                   : log::Level::kInfo;
    logger_.write(lvl, view(message), {{"plugin", pluginId_}});
  } catch (...) {
    // Logging must never take the plugin (or the kernel) down.
  }
}

StreamItStr HostServices::configJson() const noexcept {
  return toStr(configJson_);
}

StreamItStatus HostServices::cacheGet(StreamItStr key, sdk::BytesSinkV1& value) noexcept {
  try {
    std::string full = pluginCacheKey(pluginId_, view(key));
    if (full.empty())
      return STREAMIT_STATUS_INVALID_ARGUMENT;
    if (store_ == nullptr)
      return STREAMIT_STATUS_UNAVAILABLE;
    std::optional<std::string> v = store_->get(full);
    if (!v)
      return STREAMIT_STATUS_NOT_FOUND;
    value.put(toStr(*v));
    return STREAMIT_STATUS_OK;
  } catch (const realtime::StoreUnavailable&) {
    return STREAMIT_STATUS_UNAVAILABLE;
  } catch (...) {
    return STREAMIT_STATUS_ERROR;
  }
}

StreamItStatus HostServices::cacheSet(StreamItStr key, StreamItStr value,
                                      uint32_t ttl_ms) noexcept {
  try {
    std::string full = pluginCacheKey(pluginId_, view(key));
    if (full.empty() || ttl_ms == 0)
      return STREAMIT_STATUS_INVALID_ARGUMENT;
    if (store_ == nullptr)
      return STREAMIT_STATUS_UNAVAILABLE;
    auto ttl = std::min<std::chrono::milliseconds>(std::chrono::milliseconds(ttl_ms), kMaxCacheTtl);
    store_->set(full, std::string(view(value)), ttl);
    return STREAMIT_STATUS_OK;
  } catch (const realtime::StoreUnavailable&) {
    return STREAMIT_STATUS_UNAVAILABLE;
  } catch (...) {
    return STREAMIT_STATUS_ERROR;
  }
}

StreamItStatus HostServices::httpRequest(const StreamItHttpRequest* request,
                                         sdk::HttpResponseSinkV1& response,
                                         sdk::BytesSinkV1& error) noexcept {
  auto fail = [&](StreamItStatus status, const std::string& why) noexcept {
    error.put(toStr(why));
    return status;
  };
  try {
    if (!sdk::hasV1Layout(request))
      return fail(STREAMIT_STATUS_INVALID_ARGUMENT, "bad request struct");
    Poco::URI uri{std::string(view(request->url))};
    if (uri.getScheme() != "http" && uri.getScheme() != "https") {
      return fail(STREAMIT_STATUS_INVALID_ARGUMENT, "only http:// and https:// URLs are supported");
    }
    std::string method(view(request->method));
    if (method.empty())
      method = "GET";
    auto timeout = request->timeout_ms == 0 ? httpLimits_.defaultTimeout
                                            : std::min<std::chrono::milliseconds>(
                                                  std::chrono::milliseconds(request->timeout_ms),
                                                  httpLimits_.maxTimeout);
    const auto sessionPtr = sessions_.open(uri);
    auto& session = *sessionPtr;
    session.setTimeout(toTimespan(httpLimits_.connectTimeout), toTimespan(timeout),
                       toTimespan(timeout));
    Poco::Net::HTTPRequest req(method, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                               Poco::Net::HTTPMessage::HTTP_1_1);
    for (uint64_t i = 0; i < request->header_count; ++i) {
      req.set(std::string(view(request->headers[i].name)),
              std::string(view(request->headers[i].value)));
    }
    std::string_view body = view(request->body);
    if (!body.empty())
      req.setContentLength(static_cast<std::streamsize>(body.size()));
    std::ostream& out = session.sendRequest(req);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    std::string text;
    char buf[8192];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      text.append(buf, static_cast<std::size_t>(in.gcount()));
      if (text.size() > httpLimits_.maxResponseBytes) {
        return fail(STREAMIT_STATUS_UNAVAILABLE, "response larger than the host's limit");
      }
    }
    std::vector<std::pair<std::string, std::string>> headerCopies(res.begin(), res.end());
    std::vector<StreamItHeader> headers;
    headers.reserve(headerCopies.size());
    for (const auto& [n, v] : headerCopies) {
      headers.push_back(StreamItHeader{sizeof(StreamItHeader), 0, toStr(n), toStr(v)});
    }
    response.response(static_cast<uint32_t>(res.getStatus()), headers.data(), headers.size(),
                      toStr(text));
    return STREAMIT_STATUS_OK;
  } catch (const Poco::TimeoutException& e) {
    return fail(STREAMIT_STATUS_UNAVAILABLE, "timeout: " + e.displayText());
  } catch (const Poco::Exception& e) {
    return fail(STREAMIT_STATUS_UNAVAILABLE, e.displayText());
  } catch (const std::exception& e) {
    return fail(STREAMIT_STATUS_ERROR, e.what());
  } catch (...) {
    return STREAMIT_STATUS_ERROR;
  }
}

void HostServices::counterAdd(StreamItStr name, uint64_t by) noexcept {
  try {
    if (metrics_ == nullptr || !isMetricName(view(name)))
      return;
    metrics_
        ->counter("streamit_plugin_" + std::string(view(name)) + "_total",
                  "Counter defined by a plugin", {{"plugin", pluginId_}})
        .inc(by);
  } catch (...) {
    // Metrics are best-effort.
  }
}

}  // namespace streamit::plugins
