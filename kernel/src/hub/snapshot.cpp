#include "hub/snapshot.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "protocol/server_message.h"
#include "rooms/room_json.h"
#include "rooms/room_view.h"

namespace streamit::hub {
namespace {

// Stored values were written by this kernel, but the store is shared: anything that does not
// parse as an object is skipped rather than forwarded.
Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  try {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return nullptr;
  }
}

Poco::JSON::Object::Ptr participantJson(const Participant& participant) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("session_id", participant.session_id);
  out->set("user_id", participant.user_id);
  out->set("display_name", participant.display_name);
  out->set("is_host", participant.is_host);
  return out;
}

Poco::JSON::Object::Ptr participantsPayload(const std::vector<Participant>& list,
                                            std::int64_t count) {
  Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& participant : list)
    items->add(participantJson(participant));
  data->set("participants", items);
  data->set("count", count);
  return data;
}

}  // namespace

std::string buildSnapshotEvent(const SnapshotInput& input) {
  Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
  if (input.room)
    data->set("room", rooms::roomJson(*input.room));
  else
    data->set("room", Poco::Dynamic::Var());
  data->set("epoch", input.playback.epoch);
  data->set("version", input.playback.version);
  data->set("playback", playback::toJson(input.playback));

  Poco::JSON::Object::Ptr participants = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& [sessionId, value] : input.participants) {
    auto entry = parseObject(value);
    if (!entry)
      continue;
    entry->set("session_id", sessionId);
    items->add(entry);
  }
  participants->set("items", items);
  participants->set("count", input.participant_count);
  participants->set("complete", input.participants_complete);
  data->set("participants", participants);

  Poco::JSON::Array::Ptr chat = new Poco::JSON::Array;
  for (const auto& entry : input.chat) {
    if (auto parsed = parseObject(entry))
      chat->add(parsed);
  }
  data->set("chat", chat);
  data->set("you", participantJson({input.you.session_id, input.you.user_id, input.you.display_name,
                                    input.you.is_host}));
  return protocol::encodeEvent("room.snapshot", data, input.server_ms);
}

std::vector<std::string> presenceEvents(const PresenceFlush& flush, std::int64_t count,
                                        std::int64_t serverMs) {
  std::vector<std::string> events;
  if (flush.count_only) {
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
    data->set("count", count);
    events.push_back(protocol::encodeEvent("participant.count", data, serverMs));
    return events;
  }
  if (!flush.joined.empty()) {
    events.push_back(protocol::encodeEvent("participant.joined",
                                           participantsPayload(flush.joined, count), serverMs));
  }
  if (!flush.left.empty()) {
    events.push_back(protocol::encodeEvent("participant.left",
                                           participantsPayload(flush.left, count), serverMs));
  }
  return events;
}

}  // namespace streamit::hub
