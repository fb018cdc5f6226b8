// Services the kernel offers a plugin, version 2 (ABI 1.2): everything of HostV1 plus durable
// host services. Implemented by the kernel, called by the plugin.
#pragma once

#include "streamit/sdk/abi.h"
#include "streamit/sdk/account_store_v1.h"
#include "streamit/sdk/host_v1.h"

namespace streamit::sdk {

// HostV1's methods come first in the vtable, so the same object serves 1.0/1.1 plugins as a
// HostV1. Ownership: the kernel's. Lifetime: from create() until destroy() returned.
// Thread safety: every method may be called from any thread, concurrently; none throws.
class HostV2 : public HostV1 {
 public:
  // The kernel's accounts table, or NULL when this plugin is not granted it (only plugins of
  // kind STREAMIT_KIND_AUTH are). Same lifetime as the host.
  virtual AccountStoreV1* accountStore() noexcept = 0;

 protected:
  ~HostV2() override = default;
};

}  // namespace streamit::sdk
