#include "chat/chat_scripts.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace streamit::chat::scripts {
namespace {

constexpr const char* kDeadlineLua = R"lua(
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local ttl = tonumber(ARGV[3])
local current = redis.call('PTTL', KEYS[1])
if current > ttl then ttl = current end
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
)lua";

realtime::Value deadlineNative(realtime::ScriptContext& context,
                               const std::vector<std::string>& keys,
                               const std::vector<std::string>& args) {
  if (keys.size() != 1 || args.size() != 3)
    throw std::invalid_argument("chat_set_user_deadline: wrong number of keys or arguments");
  context.hset(keys[0], args[0], args[1]);
  const std::int64_t ttl = std::max<std::int64_t>(std::stoll(args[2]), context.pttl(keys[0]));
  context.pexpire(keys[0], realtime::Millis(ttl));
  return realtime::Value::ofInt(1);
}

constexpr const char* kRemoveLua = R"lua(
local items = redis.call('LRANGE', KEYS[1], 0, -1)
for _, item in ipairs(items) do
  if string.sub(item, 1, #ARGV[1]) == ARGV[1] then
    redis.call('LREM', KEYS[1], 1, item)
    return 1
  end
end
return 0
)lua";

realtime::Value removeNative(realtime::ScriptContext&, const std::vector<std::string>&,
                             const std::vector<std::string>&) {
  throw std::logic_error("chat_remove_from_history has no native body (see chat_scripts.h)");
}

}  // namespace

const realtime::Script& setUserDeadline() {
  static const realtime::Script script{"chat_set_user_deadline", kDeadlineLua, deadlineNative};
  return script;
}

const realtime::Script& removeFromHistory() {
  static const realtime::Script script{"chat_remove_from_history", kRemoveLua, removeNative};
  return script;
}

}  // namespace streamit::chat::scripts
