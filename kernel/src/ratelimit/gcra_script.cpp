#include "ratelimit/gcra_script.h"

#include <string>

#include "ratelimit/gcra.h"

namespace streamit::ratelimit {
namespace {

// Same arithmetic as gcra(): integers only, so Lua and C++ agree to the millisecond.
constexpr const char* kLua = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, allow_at - now}
end
redis.call('SET', KEYS[1], new_tat, 'PX', math.max(1, new_tat - now))
return {1, 0}
)lua";

realtime::Value native(realtime::ScriptContext& ctx, const std::vector<std::string>& keys,
                       const std::vector<std::string>& args) {
  const std::int64_t now = ctx.nowMs();
  const std::int64_t interval = std::stoll(args.at(0));
  const std::int64_t burst = std::stoll(args.at(1));
  std::optional<std::int64_t> tat;
  if (const auto stored = ctx.get(keys.at(0)))
    tat = std::stoll(*stored);
  // Rebuild a Limit that reproduces `interval` exactly.
  const Limit limit{1000.0 / static_cast<double>(interval), burst};
  const Decision decision = gcra(tat, now, limit);
  if (!decision.allowed) {
    return realtime::Value::ofArray(
        {realtime::Value::ofInt(0), realtime::Value::ofInt(decision.retryAfterMs)});
  }
  ctx.set(keys.at(0), std::to_string(decision.newTatMs),
          realtime::Millis(std::max<std::int64_t>(1, decision.newTatMs - now)));
  return realtime::Value::ofArray({realtime::Value::ofInt(1), realtime::Value::ofInt(0)});
}

}  // namespace

const realtime::Script& gcraScript() {
  static const realtime::Script script{"ratelimit_gcra", kLua, native};
  return script;
}

}  // namespace streamit::ratelimit
