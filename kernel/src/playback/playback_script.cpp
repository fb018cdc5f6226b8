#include "playback/playback_script.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace streamit::playback::scripts {
namespace {

using realtime::Millis;
using realtime::ScriptContext;
using realtime::Value;

constexpr const char* kCasLua = R"lua(
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {-1} end
if state ~= ARGV[1] then return {0, state} end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
redis.call('HSET', KEYS[1], 'version', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1}
)lua";

Value casNative(ScriptContext& context, const std::vector<std::string>& keys,
                const std::vector<std::string>& args) {
  if (keys.size() != 1 || args.size() != 4)
    throw std::invalid_argument("playback_state_cas: wrong number of keys or arguments");
  const auto state = context.hget(keys[0], "state");
  if (!state)
    return Value::ofArray({Value::ofInt(-1)});
  if (*state != args[0])
    return Value::ofArray({Value::ofInt(0), Value::ofString(*state)});
  context.hset(keys[0], "state", args[1]);
  context.hset(keys[0], "version", args[2]);
  context.pexpire(keys[0], Millis(std::stoll(args[3])));
  return Value::ofArray({Value::ofInt(1)});
}

constexpr const char* kInitLua = R"lua(
local state = redis.call('HGET', KEYS[1], 'state')
if state then return {0, state} end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1])
redis.call('HSET', KEYS[1], 'version', ARGV[2])
redis.call('HSET', KEYS[1], 'state', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1}
)lua";

Value initNative(ScriptContext& context, const std::vector<std::string>& keys,
                 const std::vector<std::string>& args) {
  if (keys.size() != 1 || args.size() != 4)
    throw std::invalid_argument("playback_state_init: wrong number of keys or arguments");
  if (const auto state = context.hget(keys[0], "state"))
    return Value::ofArray({Value::ofInt(0), Value::ofString(*state)});
  context.hset(keys[0], "epoch", args[0]);
  context.hset(keys[0], "version", args[1]);
  context.hset(keys[0], "state", args[2]);
  context.pexpire(keys[0], Millis(std::stoll(args[3])));
  return Value::ofArray({Value::ofInt(1)});
}

}  // namespace

const realtime::Script& playbackStateCas() {
  static const realtime::Script script{"playback_state_cas", kCasLua, casNative};
  return script;
}

const realtime::Script& playbackStateInit() {
  static const realtime::Script script{"playback_state_init", kInitLua, initNative};
  return script;
}

}  // namespace streamit::playback::scripts
