#include "auth/ws_tickets.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <exception>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "realtime/keys.h"

namespace streamit::auth {
namespace {

// KEYS[1] = ticket. GET and DEL in one step, so a ticket is handed out at most once.
const realtime::Script& takeScript() {
  static const realtime::Script script{
      "auth_ws_ticket_take",
      R"lua(
local value = redis.call('GET', KEYS[1])
if value then redis.call('DEL', KEYS[1]) end
return value
)lua",
      [](realtime::ScriptContext& ctx, const std::vector<std::string>& keys,
         const std::vector<std::string>&) {
        const auto value = ctx.get(keys[0]);
        if (!value)
          return realtime::Value::nil();
        ctx.del(keys[0]);
        return realtime::Value::ofString(*value);
      }};
  return script;
}

std::string randomTicket() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("the OpenSSL random generator failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0f];
  }
  return out;
}

std::string encode(const RedeemedWsTicket& t) {
  Poco::JSON::Object object;
  object.set("sub", t.principal.subject);
  object.set("name", t.principal.displayName);
  object.set("scope", joinScopes(t.principal.scopes));
  object.set("room", t.room);
  object.set("jti", t.accessJti);
  object.set("family", t.accessFamily);
  object.set("exp_ms", static_cast<Poco::Int64>(t.expiresAtMs));
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

// The stored value is ours, but the store is shared infrastructure: anything unreadable is
// treated as no ticket rather than trusted.
std::optional<RedeemedWsTicket> decode(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    RedeemedWsTicket t;
    t.principal.subject = object->getValue<std::string>("sub");
    const auto kind = kindOfSubject(t.principal.subject);
    if (!kind)
      return std::nullopt;
    t.principal.kind = *kind;
    t.principal.displayName = object->getValue<std::string>("name");
    t.principal.scopes = splitScopes(object->getValue<std::string>("scope"));
    t.room = object->getValue<std::string>("room");
    t.accessJti = object->getValue<std::string>("jti");
    t.accessFamily = object->getValue<std::string>("family");
    t.expiresAtMs = object->getValue<Poco::Int64>("exp_ms");
    return t;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

WsTickets::WsTickets(realtime::RealtimeStore& store, ClockMsFn clockMs)
    : store_(store), clockMs_(std::move(clockMs)) {}

bool WsTickets::isWellFormed(std::string_view ticket) {
  if (ticket.size() != 64)
    return false;
  for (const char c : ticket) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  }
  return true;
}

WsTicketGrant WsTickets::issue(const VerifyResult& access, std::string_view roomCode) {
  RedeemedWsTicket t;
  t.principal = access.principal;
  t.room = std::string(roomCode);
  t.accessJti = access.claims.jti.value_or("");
  t.accessFamily = access.claims.family.value_or("");
  // Never outlive the access token that bought it.
  std::int64_t expiresAtMs = clockMs_() + kLifetimeMs;
  if (access.claims.exp)
    expiresAtMs = std::min(expiresAtMs, *access.claims.exp * 1000);
  t.expiresAtMs = expiresAtMs;
  const std::int64_t ttlMs = std::max<std::int64_t>(1, expiresAtMs - clockMs_());
  WsTicketGrant grant;
  grant.ticket = randomTicket();
  grant.expiresInS = (ttlMs + 999) / 1000;
  store_.set(realtime::keys::wsTicket(grant.ticket), encode(t), realtime::Millis(ttlMs));
  return grant;
}

std::optional<RedeemedWsTicket> WsTickets::redeem(std::string_view ticket) {
  if (!isWellFormed(ticket))
    return std::nullopt;
  const realtime::Value value = store_.eval(takeScript(), {realtime::keys::wsTicket(ticket)}, {});
  if (value.type != realtime::Value::Type::kString)
    return std::nullopt;
  return decode(value.string);
}

}  // namespace streamit::auth
