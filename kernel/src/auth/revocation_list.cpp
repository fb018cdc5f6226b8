#include "auth/revocation_list.h"

#include <stdexcept>
#include <string>

#include "auth/refresh_families.h"
#include "realtime/keys.h"

namespace streamit::auth {

RevocationList::RevocationList(realtime::RealtimeStore& store, std::int64_t clockSkewS)
    : store_(store), clockSkewS_(clockSkewS) {}

void RevocationList::revokeToken(std::string_view jti, std::int64_t expiresAtS, std::int64_t nowS) {
  // Tokens verify until exp + skew, so the entry must outlive that instant, not just exp.
  const std::int64_t remainingS = expiresAtS + clockSkewS_ - nowS;
  if (remainingS <= 0)
    return;
  store_.set(realtime::keys::revokedJti(jti), "1", realtime::Millis(remainingS * 1000));
}

bool RevocationList::isTokenRevoked(std::string_view jti) {
  // A signed token carries a jti we minted (a UUID); one that cannot even name a key is not
  // ours to trust, so it counts as revoked rather than as unknown.
  if (!realtime::keys::isValidPart(jti))
    return true;
  return store_.get(realtime::keys::revokedJti(jti)).has_value();
}

bool RevocationList::isFamilyRevoked(std::string_view family) {
  if (!realtime::keys::isValidPart(family))
    return true;
  const auto state = store_.get(realtime::keys::refreshFamily(family));
  return state && *state == RefreshFamilies::kRevokedMarker;
}

}  // namespace streamit::auth
