#include "realtime/scripts/versioned_hash_cas.h"

#include <stdexcept>

namespace streamit::realtime::scripts {
namespace {

constexpr const char* kLua = R"lua(
local current = redis.call('HGET', KEYS[1], 'version')
if not current then current = '0' end
if current ~= ARGV[1] then return {0, tonumber(current)} end
local nextVersion = tonumber(current) + 1
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'version', tostring(nextVersion))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, nextVersion}
)lua";

Value native(ScriptContext& context, const std::vector<std::string>& keys,
             const std::vector<std::string>& args) {
  if (keys.size() != 1 || args.size() < 2 || args.size() % 2 != 0) {
    throw std::invalid_argument("versioned_hash_cas: wrong number of keys or arguments");
  }
  const std::string current = context.hget(keys[0], "version").value_or("0");
  if (current != args[0])
    return Value::ofArray({Value::ofInt(0), Value::ofInt(std::stoll(current))});
  const std::int64_t nextVersion = std::stoll(current) + 1;
  for (std::size_t i = 2; i + 1 < args.size(); i += 2)
    context.hset(keys[0], args[i], args[i + 1]);
  context.hset(keys[0], "version", std::to_string(nextVersion));
  context.pexpire(keys[0], Millis(std::stoll(args[1])));
  return Value::ofArray({Value::ofInt(1), Value::ofInt(nextVersion)});
}

}  // namespace

const Script& versionedHashCas() {
  static const Script script{"versioned_hash_cas", kLua, native};
  return script;
}

}  // namespace streamit::realtime::scripts
