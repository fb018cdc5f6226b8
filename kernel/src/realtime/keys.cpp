#include "realtime/keys.h"

#include <stdexcept>

namespace streamit::realtime::keys {
namespace {

std::string_view checked(std::string_view part, const char* what) {
  if (!isValidPart(part)) {
    throw std::invalid_argument(std::string("invalid ") + what + " for a realtime key");
  }
  return part;
}

std::string roomKey(std::string_view code, std::string_view suffix) {
  std::string key = "room:{";
  key += checked(code, "room code");
  key += "}:";
  key += suffix;
  return key;
}

}  // namespace

bool isValidPart(std::string_view part) {
  if (part.empty())
    return false;
  for (char c : part) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == ':' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

std::string roomState(std::string_view code) {
  return roomKey(code, "state");
}
std::string roomParticipants(std::string_view code) {
  return roomKey(code, "participants");
}
std::string roomHostStatus(std::string_view code) {
  return roomKey(code, "host_status");
}
std::string roomChat(std::string_view code) {
  return roomKey(code, "chat");
}
std::string roomChatSettings(std::string_view code) {
  return roomKey(code, "chat_settings");
}
std::string roomChatMutes(std::string_view code) {
  return roomKey(code, "chat_mutes");
}
std::string roomChatKicks(std::string_view code) {
  return roomKey(code, "chat_kicks");
}
std::string roomMeta(std::string_view code) {
  return roomKey(code, "meta");
}
std::string roomViewerCount(std::string_view code) {
  return roomKey(code, "viewers");
}
std::string roomDelays(std::string_view code) {
  return roomKey(code, "delays");
}
std::string roomChannel(std::string_view code) {
  return roomKey(code, "events");
}

std::string rateLimit(std::string_view scope, std::string_view id) {
  std::string key = "ratelimit:";
  key += checked(scope, "rate-limit scope");
  key += ":{";
  key += checked(id, "rate-limit id");
  key += "}";
  return key;
}

std::string pluginCache(std::string_view pluginId, std::string_view key) {
  std::string out = "plugin:{";
  out += checked(pluginId, "plugin id");
  out += "}:cache:";
  out += checked(key, "plugin cache key");
  return out;
}

std::string wsTicket(std::string_view id) {
  std::string key = "wsticket:{";
  key += checked(id, "ticket id");
  key += "}";
  return key;
}

std::string nodeAlive(std::string_view nodeId) {
  std::string key = "node:";
  key += checked(nodeId, "node id");
  key += ":alive";
  return key;
}

std::string revokedJti(std::string_view jti) {
  std::string key = "revoked:jti:{";
  key += checked(jti, "jti");
  key += "}";
  return key;
}

std::string refreshFamily(std::string_view family) {
  std::string key = "refresh:family:{";
  key += checked(family, "refresh family");
  key += "}";
  return key;
}

}  // namespace streamit::realtime::keys
