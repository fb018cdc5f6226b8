#pragma once

#include "auth/account_repository.h"
#include "streamit/sdk/account_store_v1.h"

namespace streamit::auth {

// The AccountStoreV1 host service (ABI 1.2, ADR 0004): the C-safe face of AccountRepository
// for auth plugins. Nothing escapes: database outages become UNAVAILABLE, anything else
// ERROR (logged). Thread-safe; `repository` must outlive this object, and this object every
// plugin that was handed it.
class AccountStoreHost final : public sdk::AccountStoreV1 {
 public:
  explicit AccountStoreHost(AccountRepository& repository);

  StreamItStatus create(StreamItStr username, StreamItStr password_hash, StreamItStr display_name,
                        sdk::AccountSinkV1& out) noexcept override;
  StreamItStatus find(StreamItStr username, sdk::AccountSinkV1& out) noexcept override;
  StreamItStatus setPasswordHash(int64_t id, StreamItStr password_hash) noexcept override;
  StreamItStatus recordLogin(int64_t id, int64_t at_ms) noexcept override;

 private:
  AccountRepository& repository_;
};

}  // namespace streamit::auth
