// Role interface for STREAMIT_KIND_MODERATOR, interface version 1.
#pragma once

#include "streamit/sdk/abi.h"
#include "streamit/sdk/host_v1.h"

namespace streamit::sdk {

// Receives the decision (borrowed for the call). Implemented by the kernel.
class ModerationSinkV1 {
 public:
  virtual void decision(const StreamItModerationDecision* decision) noexcept = 0;
  virtual void error(StreamItStr message) noexcept = 0;

 protected:
  virtual ~ModerationSinkV1() = default;
};

// Ownership: the plugin's. Lifetime: create → destroy. Thread safety: concurrent calls allowed;
// called on the chat path, so it must answer within the kernel's moderation budget.
class ChatModeratorV1 {
 public:
  static constexpr StreamItPluginKind kKind = STREAMIT_KIND_MODERATOR;
  static constexpr uint32_t kInterfaceVersion = 1;

  virtual StreamItStatus moderate(const StreamItChatMessage* message,
                                  ModerationSinkV1& out) noexcept = 0;

 protected:
  virtual ~ChatModeratorV1() = default;
};

}  // namespace streamit::sdk
