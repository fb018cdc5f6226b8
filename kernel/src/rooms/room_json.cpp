#include "rooms/room_json.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

namespace streamit::rooms {
namespace {

Poco::Dynamic::Var orNull(const std::optional<std::int64_t>& value) {
  return value ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*value)) : Poco::Dynamic::Var();
}

std::optional<std::int64_t> optionalInt(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key))
    return std::nullopt;
  return object.getValue<Poco::Int64>(key);
}

}  // namespace

Poco::JSON::Object::Ptr roomJson(const RoomView& room) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("code", room.code);
  out->set("title", room.title);
  Poco::JSON::Object::Ptr host = new Poco::JSON::Object;
  host->set("id", room.host_subject);
  host->set("display_name", room.host_display_name);
  out->set("host", host);
  out->set("is_public", room.is_public);
  out->set("state", std::string(toString(room.lifecycle.state)));
  out->set("created_ms", static_cast<Poco::Int64>(room.created_ms));
  out->set("updated_ms", static_cast<Poco::Int64>(room.updated_ms));
  out->set("grace_deadline_ms", orNull(room.lifecycle.grace_deadline_ms));
  out->set("viewer_count", static_cast<Poco::Int64>(room.viewer_count));
  if (room.source_json) {
    try {
      out->set("source", Poco::JSON::Parser().parse(*room.source_json));
    } catch (const std::exception&) {
      out->set("source", Poco::Dynamic::Var());  // stored by us, so only a bug gets here
    }
  } else {
    out->set("source", Poco::Dynamic::Var());
  }
  return out;
}

std::string encodeRoomMeta(const RoomView& room) {
  auto object = roomJson(room);
  object->set("lifecycle_version", static_cast<Poco::Int64>(room.lifecycle.version));
  object->set("expired_ms", orNull(room.lifecycle.expired_ms));
  if (room.source_json)
    object->set("source_json", *room.source_json);
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

std::optional<RoomView> decodeRoomMeta(const std::string& text) {
  try {
    const auto object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    RoomView room;
    room.code = object->getValue<std::string>("code");
    room.title = object->getValue<std::string>("title");
    const auto host = object->getObject("host");
    if (!host)
      return std::nullopt;
    room.host_subject = host->getValue<std::string>("id");
    room.host_display_name = host->getValue<std::string>("display_name");
    room.is_public = object->getValue<bool>("is_public");
    const auto state = parseRoomState(object->getValue<std::string>("state"));
    if (!state)
      return std::nullopt;
    room.lifecycle.state = *state;
    room.lifecycle.version =
        static_cast<std::uint64_t>(object->getValue<Poco::Int64>("lifecycle_version"));
    room.created_ms = object->getValue<Poco::Int64>("created_ms");
    room.lifecycle.created_ms = room.created_ms;
    room.updated_ms = object->getValue<Poco::Int64>("updated_ms");
    room.lifecycle.grace_deadline_ms = optionalInt(*object, "grace_deadline_ms");
    room.lifecycle.expired_ms = optionalInt(*object, "expired_ms");
    room.viewer_count = object->getValue<Poco::Int64>("viewer_count");
    if (object->has("source_json"))
      room.source_json = object->getValue<std::string>("source_json");
    return room;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace streamit::rooms
