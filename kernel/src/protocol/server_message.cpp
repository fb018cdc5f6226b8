#include "protocol/server_message.h"

#include <Poco/JSON/Array.h>

#include <sstream>

#include "playback/state_writer.h"
#include "util/json_escape.h"

namespace streamit::protocol {
namespace {

using Poco::JSON::Object;

std::string stringify(const Object& object) {
  std::ostringstream out;
  object.stringify(out);  // indent 0: compact
  return out.str();
}

Object::Ptr orderedObject() {
  return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr messageArray(const std::vector<chat::ChatEntry>& messages) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& message : messages)
    array->add(chat::toJson(message));
  return array;
}

}  // namespace

std::string encodeEvent(std::string_view type, const Object::Ptr& data, std::int64_t serverMs,
                        const std::optional<std::string>& re) {
  // A copy, so one data object can feed several events without the caller seeing server_ms.
  Object::Ptr body = data.isNull() ? orderedObject() : Object::Ptr(new Object(*data));
  body->set("server_ms", static_cast<Poco::Int64>(serverMs));
  Object::Ptr envelope = orderedObject();
  envelope->set("type", std::string(type));
  if (re)
    envelope->set("re", *re);
  envelope->set("data", body);
  return stringify(*envelope);
}

std::string playbackStateEvent(const playback::PlaybackState& state, std::int64_t serverMs,
                               const std::optional<std::string>& re) {
  // The one event sent on every accepted command: written directly, same envelope as
  // encodeEvent produces.
  constexpr std::size_t kTypicalEventBytes = 512;
  std::string out;
  out.reserve(kTypicalEventBytes);
  out += R"({"type":"playback.state",)";
  if (re) {
    out += R"("re":)";
    out += util::jsonQuote(*re);
    out += ',';
  }
  out += R"("data":{)";
  playback::appendStateMembers(out, state);
  out += R"(,"server_ms":)";
  out += std::to_string(serverMs);
  out += "}}";
  return out;
}

std::string roomStateEvent(std::string_view state, std::optional<std::int64_t> graceDeadlineMs,
                           std::int64_t serverMs) {
  Object::Ptr data = orderedObject();
  data->set("state", std::string(state));
  if (graceDeadlineMs)
    data->set("grace_deadline_ms", static_cast<Poco::Int64>(*graceDeadlineMs));
  return encodeEvent("room.state", data, serverMs);
}

std::string errorEvent(const std::optional<std::string>& re, const http::ErrorCode& code,
                       std::string_view message, std::int64_t serverMs,
                       const Object::Ptr& details) {
  Object::Ptr data = orderedObject();
  data->set("code", std::string(code.code));
  data->set("message", std::string(message));
  if (!details.isNull())
    data->set("details", details);
  return encodeEvent("error", data, serverMs, re);
}

std::string decodeErrorEvent(const DecodeError& error, std::int64_t serverMs) {
  return errorEvent(error.id, http::errors::kInvalidMessage, error.message, serverMs);
}

const http::ErrorCode& errorCodeFor(playback::RejectReason reason) {
  switch (reason) {
    case playback::RejectReason::kNotHost:
      return http::errors::kNotHost;
    case playback::RejectReason::kConflict:
      return http::errors::kConflict;
    case playback::RejectReason::kValidation:
      break;
  }
  return http::errors::kValidationFailed;
}

std::string rejectionEvent(const std::optional<std::string>& re,
                           const playback::CommandResult& result, std::int64_t serverMs) {
  const playback::RejectReason reason =
      result.rejection.value_or(playback::RejectReason::kValidation);
  Object::Ptr details;
  if (reason == playback::RejectReason::kConflict) {
    details = orderedObject();
    details->set("state", playback::toJson(result.state));
  }
  return errorEvent(re, errorCodeFor(reason), result.message, serverMs, details);
}

std::string ackEvent(const std::string& re, std::int64_t serverMs) {
  return encodeEvent("ack", nullptr, serverMs, re);
}

std::string timePongEvent(double t0, std::int64_t t1, std::int64_t t2,
                          const std::optional<std::string>& re) {
  Object::Ptr data = orderedObject();
  data->set("t0", t0);
  data->set("t1", static_cast<Poco::Int64>(t1));
  data->set("t2", static_cast<Poco::Int64>(t2));
  return encodeEvent("time.pong", data, t2, re);
}

std::string chatMessagesEvent(const std::vector<chat::ChatEntry>& messages, std::int64_t serverMs) {
  Object::Ptr data = orderedObject();
  data->set("messages", messageArray(messages));
  return encodeEvent("chat.messages", data, serverMs);
}

std::string chatDeletedEvent(std::string_view messageId, std::int64_t serverMs) {
  Object::Ptr data = orderedObject();
  data->set("message_id", std::string(messageId));
  return encodeEvent("chat.deleted", data, serverMs);
}

std::string chatStateEvent(bool enabled, std::int64_t serverMs,
                           const std::optional<std::string>& re) {
  Object::Ptr data = orderedObject();
  data->set("enabled", enabled);
  return encodeEvent("chat.state", data, serverMs, re);
}

std::string chatHistoryEvent(const std::vector<chat::ChatEntry>& messages,
                             const std::optional<std::string>& nextBefore, std::int64_t serverMs,
                             const std::optional<std::string>& re) {
  Object::Ptr data = orderedObject();
  data->set("messages", messageArray(messages));
  if (nextBefore)
    data->set("next_before", *nextBefore);
  else
    data->set("next_before", Poco::Dynamic::Var());
  return encodeEvent("chat.history", data, serverMs, re);
}

}  // namespace streamit::protocol
