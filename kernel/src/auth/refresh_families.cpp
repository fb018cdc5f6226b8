#include "auth/refresh_families.h"

#include <string>
#include <vector>

#include "realtime/keys.h"

namespace streamit::auth {
namespace {

// Reply codes shared by both bodies.
constexpr std::int64_t kUnknownReply = 0;
constexpr std::int64_t kRotatedReply = 1;
constexpr std::int64_t kReusedReply = 2;
constexpr std::int64_t kRevokedReply = 3;

// KEYS[1] = family; ARGV = presented jti, next jti, TTL ms, revoked marker.
const realtime::Script& rotateScript() {
  static const realtime::Script script{
      "auth_refresh_rotate",
      R"lua(
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current == ARGV[4] then return 3 end
if current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[3])
return 2
)lua",
      [](realtime::ScriptContext& ctx, const std::vector<std::string>& keys,
         const std::vector<std::string>& args) {
        const auto current = ctx.get(keys[0]);
        const realtime::Millis ttl(std::stoll(args[2]));
        if (!current)
          return realtime::Value::ofInt(kUnknownReply);
        if (*current == args[3])
          return realtime::Value::ofInt(kRevokedReply);
        if (*current == args[0]) {
          ctx.set(keys[0], args[1], ttl);
          return realtime::Value::ofInt(kRotatedReply);
        }
        ctx.set(keys[0], args[3], ttl);
        return realtime::Value::ofInt(kReusedReply);
      }};
  return script;
}

}  // namespace

RefreshFamilies::RefreshFamilies(realtime::RealtimeStore& store, std::int64_t refreshTtlS)
    : store_(store), ttl_(refreshTtlS * 1000) {}

void RefreshFamilies::start(std::string_view family, std::string_view jti) {
  store_.set(realtime::keys::refreshFamily(family), std::string(jti), ttl_);
}

RefreshFamilies::Rotation RefreshFamilies::rotate(std::string_view family,
                                                  std::string_view presentedJti,
                                                  std::string_view nextJti) {
  // A family id that cannot name a key was never ours.
  if (!realtime::keys::isValidPart(family))
    return Rotation::kUnknown;
  const realtime::Value reply =
      store_.eval(rotateScript(), {realtime::keys::refreshFamily(family)},
                  {std::string(presentedJti), std::string(nextJti), std::to_string(ttl_.count()),
                   std::string(kRevokedMarker)});
  switch (reply.integer) {
    case kRotatedReply:
      return Rotation::kRotated;
    case kReusedReply:
      return Rotation::kReused;
    case kRevokedReply:
      return Rotation::kRevoked;
    default:
      return Rotation::kUnknown;
  }
}

void RefreshFamilies::revoke(std::string_view family) {
  if (!realtime::keys::isValidPart(family))
    return;
  store_.set(realtime::keys::refreshFamily(family), std::string(kRevokedMarker), ttl_);
}

}  // namespace streamit::auth
