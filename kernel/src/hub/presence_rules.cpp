#include "hub/presence_rules.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace streamit::hub {

std::string participantJson(const Member& member) {
  Poco::JSON::Object value;
  value.set("user_id", member.user_id);
  value.set("display_name", member.display_name);
  value.set("is_host", member.is_host);
  std::ostringstream out;
  value.stringify(out);
  return out.str();
}

bool needsPresenceWrite(std::uint64_t registeredEpoch, std::uint64_t stateEpoch) {
  return registeredEpoch < stateEpoch;
}

bool hasPresence(std::uint64_t registeredEpoch) {
  return registeredEpoch != 0;
}

}  // namespace streamit::hub
