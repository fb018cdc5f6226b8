// Header-only C++ layer for plugin authors: std types in, std types out, exceptions allowed
// inside; the layer converts to the ABI and stops every exception at the boundary.
//
//   class MyProvider : public streamit::sdk::PlaybackProvider { ... };
//   STREAMIT_PLUGIN(MyProvider, "provider.my", "1.0.0", R"({"type":"object"})")
#pragma once

#include <boost/dll/alias.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamit/sdk/abi.h"
#include "streamit/sdk/auth_scheme_v1.h"
#include "streamit/sdk/catalog_v1.h"
#include "streamit/sdk/chat_moderator_v1.h"
#include "streamit/sdk/host_v1.h"
#include "streamit/sdk/host_v2.h"
#include "streamit/sdk/playback_provider_v1.h"
#include "streamit/sdk/types.h"

namespace streamit::sdk {

// Throw this from plugin code to return a specific status with a message.
class Error : public std::runtime_error {
 public:
  Error(StreamItStatus status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  StreamItStatus status() const noexcept { return status_; }

 private:
  StreamItStatus status_;
};

namespace detail {

// Runs `body` (returning StreamItStatus); any exception becomes a status plus a message passed
// to `report(StreamItStr)`. Nothing escapes.
template <class Report, class Body>
StreamItStatus barrier(Report&& report, Body&& body) noexcept {
  try {
    return body();
  } catch (const Error& e) {
    report(toStr(e.what()));
    return e.status() == STREAMIT_STATUS_OK ? STREAMIT_STATUS_ERROR : e.status();
  } catch (const std::exception& e) {
    report(toStr(e.what()));
  } catch (...) {
    report(toStr("unknown exception"));
  }
  return STREAMIT_STATUS_ERROR;
}

class StringSink final : public BytesSinkV1 {
 public:
  void put(StreamItStr value) noexcept override {
    try {
      value_.assign(view(value));
    } catch (...) {
      failed_ = true;  // out of memory: reported by the caller
    }
  }
  std::string value_;
  bool failed_ = false;
};

}  // namespace detail

// The exception barrier for hand-written ABI methods: evaluates the braced body (which returns
// a StreamItStatus); exceptions become STREAMIT_STATUS_* and `sink.error(message)`.
#define STREAMIT_SDK_BARRIER(sink, ...) \
  ::streamit::sdk::detail::barrier(     \
      [&](StreamItStr m_) noexcept { (sink).error(m_); }, [&]() -> StreamItStatus __VA_ARGS__)

// The plugin's view of HostV1 (and HostV2 when the kernel offers it). Cheap to copy; valid
// until the plugin is destroyed. Thread-safe like HostV1.
class Host {
 public:
  explicit Host(HostV1* host, HostV2* v2 = nullptr) noexcept : host_(host), v2_(v2) {}

  void debug(std::string_view m) const noexcept { host_->log(STREAMIT_LOG_DEBUG, toStr(m)); }
  void info(std::string_view m) const noexcept { host_->log(STREAMIT_LOG_INFO, toStr(m)); }
  void warn(std::string_view m) const noexcept { host_->log(STREAMIT_LOG_WARN, toStr(m)); }
  void error(std::string_view m) const noexcept { host_->log(STREAMIT_LOG_ERROR, toStr(m)); }

  std::string_view configJson() const noexcept { return view(host_->configJson()); }

  // nullopt when absent; throws Error(UNAVAILABLE) when the cache cannot answer.
  std::optional<std::string> cacheGet(std::string_view key) const {
    detail::StringSink sink;
    StreamItStatus st = host_->cacheGet(toStr(key), sink);
    if (st == STREAMIT_STATUS_NOT_FOUND)
      return std::nullopt;
    if (st != STREAMIT_STATUS_OK || sink.failed_)
      throw Error(st, "cache get failed");
    return std::move(sink.value_);
  }
  void cacheSet(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) const {
    StreamItStatus st =
        host_->cacheSet(toStr(key), toStr(value), static_cast<uint32_t>(ttl.count()));
    if (st != STREAMIT_STATUS_OK)
      throw Error(st, "cache set failed");
  }

  // Throws Error with the host's reason when no response arrived (any HTTP status is a response).
  HttpResponse http(const HttpRequest& req) const {
    std::vector<StreamItHeader> headers;
    for (const auto& [n, v] : req.headers) {
      headers.push_back(StreamItHeader{sizeof(StreamItHeader), 0, toStr(n), toStr(v)});
    }
    StreamItHttpRequest pod{sizeof(StreamItHttpRequest),
                            req.timeout_ms,
                            toStr(req.method),
                            toStr(req.url),
                            headers.data(),
                            headers.size(),
                            toStr(req.body)};
    struct Sink final : HttpResponseSinkV1 {
      void response(uint32_t status, const StreamItHeader* h, uint64_t n,
                    StreamItStr body) noexcept override {
        try {
          out.status = status;
          for (uint64_t i = 0; i < n; ++i)
            out.headers.emplace_back(toString(h[i].name), toString(h[i].value));
          out.body = toString(body);
        } catch (...) {
          failed = true;
        }
      }
      HttpResponse out;
      bool failed = false;
    } sink;
    detail::StringSink error;
    StreamItStatus st = host_->httpRequest(&pod, sink, error);
    if (st != STREAMIT_STATUS_OK)
      throw Error(st, error.value_.empty() ? "http failed" : error.value_);
    if (sink.failed)
      throw Error(STREAMIT_STATUS_ERROR, "http response conversion failed");
    return std::move(sink.out);
  }

  void count(std::string_view name, uint64_t by = 1) const noexcept {
    host_->counterAdd(toStr(name), by);
  }

  HostV1* raw() const noexcept { return host_; }
  // The kernel's accounts table (ABI 1.2), or null: an older kernel, or a plugin kind that is
  // not granted it.
  AccountStoreV1* accountStore() const noexcept {
    return v2_ == nullptr ? nullptr : v2_->accountStore();
  }

 private:
  HostV1* host_;
  HostV2* v2_;
};

// ---- Role base classes: implement the std-typed virtuals, the layer does the rest. ----------

class PlaybackProvider : public PlaybackProviderV1 {
 public:
  using Interface = PlaybackProviderV1;
  ~PlaybackProvider() override = default;

  // Throw Error(STREAMIT_STATUS_NOT_FOUND, ...) etc. for failures.
  virtual PlaybackSource resolveSource(std::string_view reference) = 0;
  // Default: available when it resolves.
  virtual void checkSource(std::string_view reference) { (void)resolveSource(reference); }

 private:
  StreamItStatus resolve(StreamItStr reference, PlaybackSourceSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      PlaybackSource s = resolveSource(view(reference));
      PlaybackSourcePod pod(s);
      out.source(pod.get());
      return STREAMIT_STATUS_OK;
    });
  }
  StreamItStatus checkAvailability(StreamItStr reference,
                                   PlaybackSourceSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      checkSource(view(reference));
      return STREAMIT_STATUS_OK;
    });
  }
};

class AuthScheme : public AuthSchemeV1 {
 public:
  using Interface = AuthSchemeV1;
  ~AuthScheme() override = default;

  virtual Principal authenticateCredentials(std::string_view credentials_json) = 0;
  virtual Principal validate(std::string_view token) = 0;

 private:
  StreamItStatus authenticate(StreamItStr credentials, PrincipalSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      Principal principal = authenticateCredentials(view(credentials));
      PrincipalPod pod(principal);
      out.principal(pod.get());
      return STREAMIT_STATUS_OK;
    });
  }
  StreamItStatus validateToken(StreamItStr token, PrincipalSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      Principal principal = validate(view(token));
      PrincipalPod pod(principal);
      out.principal(pod.get());
      return STREAMIT_STATUS_OK;
    });
  }
};

class ChatModerator : public ChatModeratorV1 {
 public:
  using Interface = ChatModeratorV1;
  ~ChatModerator() override = default;

  virtual ModerationDecision decide(const ChatMessage& message) = 0;

 private:
  StreamItStatus moderate(const StreamItChatMessage* message,
                          ModerationSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      if (!hasV1Layout(message))
        throw Error(STREAMIT_STATUS_INVALID_ARGUMENT, "bad message struct");
      ModerationDecision d = decide(fromPod(*message));
      StreamItModerationDecision pod = toPod(d);
      out.decision(&pod);
      return STREAMIT_STATUS_OK;
    });
  }
};

class Catalog : public CatalogV1 {
 public:
  using Interface = CatalogV1;
  ~Catalog() override = default;

  virtual CatalogPage searchItems(const CatalogQuery& query) = 0;
  virtual CatalogItem itemDetails(std::string_view id) = 0;
  virtual std::vector<CatalogItem> listEpisodes(std::string_view id, uint32_t season) = 0;

 private:
  static void emit(const CatalogItem& item, CatalogSinkV1& out) noexcept {
    const CatalogItemPod pod(item);
    out.item(pod.get());
  }
  StreamItStatus search(const StreamItCatalogQuery* query, CatalogSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      if (!hasV1Layout(query))
        throw Error(STREAMIT_STATUS_INVALID_ARGUMENT, "bad query struct");
      CatalogPage page = searchItems(fromPod(*query));
      for (const auto& item : page.items)
        emit(item, out);
      out.page(page.page, page.total_pages, page.total_results);
      return STREAMIT_STATUS_OK;
    });
  }
  StreamItStatus details(StreamItStr id, CatalogSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      emit(itemDetails(view(id)), out);
      return STREAMIT_STATUS_OK;
    });
  }
  StreamItStatus episodes(StreamItStr id, uint32_t season, CatalogSinkV1& out) noexcept final {
    return STREAMIT_SDK_BARRIER(out, {
      for (const auto& item : listEpisodes(view(id), season))
        emit(item, out);
      return STREAMIT_STATUS_OK;
    });
  }
};

// ---- Descriptor and entry -------------------------------------------------------------------

namespace detail {

template <class T>
void* createInstance(const StreamItCreateArgs* args) noexcept {
  auto report = [args](std::string_view message) noexcept {
    if (args != nullptr && args->report_error != nullptr) {
      args->report_error(args->error_context, toStr(message));
    }
  };
  if (!hasV1Layout(args) || args->host == nullptr) {
    report("create called with an incompatible argument struct");
    return nullptr;
  }
  try {
    HostV2* v2 = covers(*args, offsetof(StreamItCreateArgs, host_v2) + sizeof(void*))
                     ? static_cast<HostV2*>(args->host_v2)
                     : nullptr;
    T* instance = new T(Host(static_cast<HostV1*>(args->host), v2));
    return static_cast<void*>(static_cast<typename T::Interface*>(instance));
  } catch (const std::exception& e) {
    report(e.what());
  } catch (...) {
    report("unknown exception");
  }
  return nullptr;
}

template <class T>
void destroyInstance(void* instance) noexcept {
  delete static_cast<T*>(static_cast<typename T::Interface*>(instance));
}

template <class T>
StreamItPluginDescriptor makeDescriptor(std::string_view id, std::string_view version,
                                        std::string_view schema) noexcept {
  static constexpr std::string_view kToolchain = STREAMIT_SDK_TOOLCHAIN_TAG;
  return StreamItPluginDescriptor{sizeof(StreamItPluginDescriptor),
                                  STREAMIT_SDK_ABI_MAJOR,
                                  STREAMIT_SDK_ABI_MINOR,
                                  T::Interface::kKind,
                                  T::Interface::kInterfaceVersion,
                                  0,
                                  toStr(kToolchain),
                                  toStr(id),
                                  toStr(version),
                                  toStr(schema),
                                  &createInstance<T>,
                                  &destroyInstance<T>};
}

}  // namespace detail

}  // namespace streamit::sdk

// Declares the plugin: exactly once per library, at namespace scope. Id, Version and Schema
// must be string literals (the descriptor points at them for the library's lifetime).
#define STREAMIT_PLUGIN(Class, Id, Version, SchemaJson)                          \
  namespace streamit_plugin_entry_ {                                             \
  const StreamItPluginDescriptor* entry() noexcept {                             \
    static const StreamItPluginDescriptor descriptor =                           \
        ::streamit::sdk::detail::makeDescriptor<Class>(Id, Version, SchemaJson); \
    return &descriptor;                                                          \
  }                                                                              \
  }                                                                              \
  BOOST_DLL_ALIAS(streamit_plugin_entry_::entry, streamit_plugin_entry_v1)
