#pragma once

#include <cstdint>
#include <string_view>

#include "realtime/realtime_store.h"

namespace streamit::auth {

// The deny-list of access-token ids (`jti`) and refresh families, kept in the realtime store
// so every kernel sees a logout at once. An entry lives exactly as long as the token it
// denies could still verify (its `exp` plus the clock skew), so the list never outgrows the
// set of live tokens. Every call reaches the store: when it is down the caller gets
// realtime::StoreUnavailable and must refuse (fail closed), never assume "not revoked".
// Thread-safe (the store is); `store` must outlive this object.
class RevocationList {
 public:
  RevocationList(realtime::RealtimeStore& store, std::int64_t clockSkewS);

  // Denies `jti` until `expiresAtS` + skew. A token already past that needs no entry.
  void revokeToken(std::string_view jti, std::int64_t expiresAtS, std::int64_t nowS);
  bool isTokenRevoked(std::string_view jti);

  // Whether `family` was ended by logout or refresh-token reuse (see RefreshFamilies).
  bool isFamilyRevoked(std::string_view family);

 private:
  realtime::RealtimeStore& store_;
  std::int64_t clockSkewS_;
};

}  // namespace streamit::auth
