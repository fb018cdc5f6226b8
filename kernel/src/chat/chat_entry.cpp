#include "chat/chat_entry.h"

#include <Poco/JSON/Parser.h>

#include <exception>
#include <sstream>

#include "util/json_escape.h"

namespace streamit::chat {

Poco::JSON::Object::Ptr toJson(const ChatEntry& entry) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("id", entry.id);
  object->set("user_id", entry.user_id);
  object->set("display_name", entry.display_name);
  object->set("text", entry.text);
  object->set("ts_ms", static_cast<Poco::Int64>(entry.ts_ms));
  return object;
}

std::string toJsonText(const ChatEntry& entry) {
  std::ostringstream out;
  toJson(entry)->stringify(out);
  return out.str();
}

std::optional<ChatEntry> entryFromJson(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(text);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
      return std::nullopt;
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (object.isNull())
      return std::nullopt;
    for (const char* name : {"id", "user_id", "display_name", "text"}) {
      if (!object->has(name) || !object->get(name).isString())
        return std::nullopt;
    }
    if (!object->has("ts_ms") || !object->get("ts_ms").isInteger())
      return std::nullopt;
    return ChatEntry{object->getValue<std::string>("id"), object->getValue<std::string>("user_id"),
                     object->getValue<std::string>("display_name"),
                     object->getValue<std::string>("text"), object->getValue<Poco::Int64>("ts_ms")};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string storedPrefix(const std::string& id) {
  // Poco escapes strings the same way; ids only hold [0-9a-z] and the node id.
  return "{\"id\":" + util::jsonQuote(id) + ",";
}

}  // namespace streamit::chat
