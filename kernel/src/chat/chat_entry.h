#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

// One chat message as stored in the room's history list, archived, and sent in
// `chat.messages` / `chat.history` / `room.snapshot`. Pure.
namespace streamit::chat {

struct ChatEntry {
  std::string id;  // see message_id.h
  std::string user_id;
  std::string display_name;
  std::string text;  // valid UTF-8, sanitized, moderated; clients render it as text, never HTML
  std::int64_t ts_ms = 0;
  bool operator==(const ChatEntry&) const = default;
};

// {"id","user_id","display_name","text","ts_ms"} in that order: `id` first so the history
// delete script can find an entry by prefix without parsing JSON in Lua.
Poco::JSON::Object::Ptr toJson(const ChatEntry& entry);
std::string toJsonText(const ChatEntry& entry);
// Null when `text` is not an entry (wrong shape or types); never throws.
std::optional<ChatEntry> entryFromJson(const std::string& text);

// The prefix every stored entry with this id starts with (see toJson).
std::string storedPrefix(const std::string& id);

}  // namespace streamit::chat
