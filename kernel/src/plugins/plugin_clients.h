#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "streamit/sdk/auth_scheme_v1.h"
#include "streamit/sdk/catalog_v1.h"
#include "streamit/sdk/chat_moderator_v1.h"
#include "streamit/sdk/playback_provider_v1.h"
#include "streamit/sdk/types.h"

namespace streamit::plugins {

// The answer of one plugin call converted to kernel-owned std types. `value` is meaningful
// only when ok(). `error` is the plugin's message (or the kernel's, e.g. a malformed struct).
template <class T>
struct CallResult {
  StreamItStatus status = STREAMIT_STATUS_ERROR;
  std::string error;
  T value{};
  bool ok() const { return status == STREAMIT_STATUS_OK; }
};

// Kernel-side wrappers: the only code that talks the ABI to a loaded plugin. Each holds the
// handle (and so the library) alive; copyable; thread-safe as the plugin interfaces are.
class ProviderClient {
 public:
  explicit ProviderClient(std::shared_ptr<sdk::PlaybackProviderV1> provider)
      : provider_(std::move(provider)) {}
  CallResult<sdk::PlaybackSource> resolve(std::string_view reference) const;
  CallResult<bool> checkAvailability(std::string_view reference) const;

 private:
  std::shared_ptr<sdk::PlaybackProviderV1> provider_;
};

class AuthClient {
 public:
  explicit AuthClient(std::shared_ptr<sdk::AuthSchemeV1> scheme) : scheme_(std::move(scheme)) {}
  CallResult<sdk::Principal> authenticate(std::string_view credentialsJson) const;
  CallResult<sdk::Principal> validateToken(std::string_view token) const;

 private:
  std::shared_ptr<sdk::AuthSchemeV1> scheme_;
};

class ModeratorClient {
 public:
  explicit ModeratorClient(std::shared_ptr<sdk::ChatModeratorV1> moderator)
      : moderator_(std::move(moderator)) {}
  CallResult<sdk::ModerationDecision> moderate(const sdk::ChatMessage& message) const;

 private:
  std::shared_ptr<sdk::ChatModeratorV1> moderator_;
};

class CatalogClient {
 public:
  explicit CatalogClient(std::shared_ptr<sdk::CatalogV1> catalog) : catalog_(std::move(catalog)) {}
  CallResult<sdk::CatalogPage> search(const sdk::CatalogQuery& query) const;
  CallResult<sdk::CatalogItem> details(std::string_view id) const;
  CallResult<std::vector<sdk::CatalogItem>> episodes(std::string_view id, uint32_t season) const;

 private:
  std::shared_ptr<sdk::CatalogV1> catalog_;
};

}  // namespace streamit::plugins
