// Services the kernel offers a plugin. Implemented by the kernel, called by the plugin.
#pragma once

#include "streamit/sdk/abi.h"

namespace streamit::sdk {

// Receives a byte string from the host. Implemented by the plugin (the C++ layer does it).
// Ownership: the caller's; lifetime: the call; thread safety: used by one call at a time.
class BytesSinkV1 {
 public:
  // `value` is borrowed for this call only.
  virtual void put(StreamItStr value) noexcept = 0;

 protected:
  virtual ~BytesSinkV1() = default;
};

// Receives an HTTP response from the host. Same ownership rules as BytesSinkV1.
class HttpResponseSinkV1 {
 public:
  virtual void response(uint32_t status, const StreamItHeader* headers, uint64_t header_count,
                        StreamItStr body) noexcept = 0;

 protected:
  virtual ~HttpResponseSinkV1() = default;
};

// Ownership: the kernel's. Lifetime: from create() until destroy() returned.
// Thread safety: every method may be called from any thread, concurrently.
// Every method returns quickly or within its timeout; none throws.
class HostV1 {
 public:
  // Writes one log line tagged with the plugin id.
  virtual void log(StreamItLogLevel level, StreamItStr message) noexcept = 0;
  // The instance's config block as JSON. Valid for the host's lifetime.
  virtual StreamItStr configJson() const noexcept = 0;
  // Cache namespaced to this plugin, backed by the realtime store (shared by all nodes).
  // NOT_FOUND when absent; UNAVAILABLE when the store cannot answer.
  virtual StreamItStatus cacheGet(StreamItStr key, BytesSinkV1& value) noexcept = 0;
  // ttl_ms is mandatory (> 0): nothing is cached forever.
  virtual StreamItStatus cacheSet(StreamItStr key, StreamItStr value, uint32_t ttl_ms) noexcept = 0;
  // Blocking outbound HTTP with connect/receive timeouts. On failure `error` gets the reason.
  virtual StreamItStatus httpRequest(const StreamItHttpRequest* request,
                                     HttpResponseSinkV1& response, BytesSinkV1& error) noexcept = 0;
  // Adds to counter `streamit_plugin_<name>_total{plugin="<id>"}`; name is [a-z0-9_]+.
  virtual void counterAdd(StreamItStr name, uint64_t by) noexcept = 0;

 protected:
  virtual ~HostV1() = default;
};

}  // namespace streamit::sdk
