#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "realtime/realtime_store.h"

namespace streamit::auth {

// Refresh-token rotation with reuse detection (OAuth 2.0 Security BCP §4.14). Every sign-in
// starts a family; the store remembers the jti of the family's one current refresh token.
// Redeeming it moves the family to the next token; presenting any older token of the family
// means two parties hold it (a thief and the user), so the whole family is revoked and both
// must sign in again. Revoked families keep their marker until the longest-lived token of
// the family could have expired, then vanish with their TTL.
//
// Every call reaches the store and throws realtime::StoreUnavailable when it cannot.
// Thread-safe; rotation is one atomic script, so two concurrent redemptions of the same token
// cannot both succeed. `store` must outlive this object.
class RefreshFamilies {
 public:
  enum class Rotation {
    kRotated,  // the presented token was current; the family now points at the next one
    kReused,   // an older token of the family was presented: the family is now revoked
    kRevoked,  // the family had already been revoked (logout or earlier reuse)
    kUnknown,  // no state: expired, or lost with a memory store's restart
  };

  // The value a revoked family holds; never a jti (those are UUIDs).
  static constexpr std::string_view kRevokedMarker = "!revoked";

  RefreshFamilies(realtime::RealtimeStore& store, std::int64_t refreshTtlS);

  // A new family whose current token is `jti`.
  void start(std::string_view family, std::string_view jti);
  // Atomically: if `presentedJti` is current, make `nextJti` current (TTL renewed).
  Rotation rotate(std::string_view family, std::string_view presentedJti, std::string_view nextJti);
  void revoke(std::string_view family);

 private:
  realtime::RealtimeStore& store_;
  realtime::Millis ttl_;
};

}  // namespace streamit::auth
