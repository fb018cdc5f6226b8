#include "protocol/client_message.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <exception>
#include <initializer_list>
#include <limits>
#include <utility>

#include "ws/utf8_validator.h"

namespace streamit::protocol {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

// Internal only: every refusal unwinds to decodeClientMessage, which turns it into a value.
struct Refusal {
  std::string message;
};

[[noreturn]] void refuse(const std::string& field, const std::string& problem) {
  throw Refusal{field + ": " + problem};
}

// Nesting depth of the raw text, counting '{' and '[' outside strings. Stops early at `limit`
// so the cost stays linear however hostile the input.
bool deeperThan(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool inString = false;
  bool escaped = false;
  for (const char c : text) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit)
        return true;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::string formatNumber(double value) {
  // Whole limits read better as integers ("10000000" rather than "1e+07").
  if (value == std::floor(value) && value < 1e18)
    return std::to_string(static_cast<long long>(value));
  return std::to_string(value);
}

// A view of one JSON object that knows its path ("data") for error messages.
class Fields {
 public:
  Fields(const Object& object, std::string path) : object_(object), path_(std::move(path)) {}

  void allowOnly(std::initializer_list<std::string_view> names) const {
    for (const auto& [name, value] : object_) {
      bool known = false;
      for (const std::string_view allowed : names)
        known = known || name == allowed;
      if (!known)
        refuse(field(name), "unknown field");
    }
  }

  bool has(const std::string& name) const { return object_.has(name); }

  double number(const std::string& name, double min, double max) const {
    const Var value = require(name);
    if (value.isEmpty() || value.isBoolean() || value.isString() || !value.isNumeric())
      refuse(field(name), "must be a number");
    double number = 0.0;
    try {
      number = value.convert<double>();
    } catch (const Poco::Exception&) {
      refuse(field(name), "must be a number");
    }
    if (!std::isfinite(number) || number < min || number > max) {
      refuse(field(name),
             "must be a finite number in [" + formatNumber(min) + ", " + formatNumber(max) + "]");
    }
    return number;
  }

  std::optional<double> optionalNumber(const std::string& name, double min, double max) const {
    if (!has(name))
      return std::nullopt;
    return number(name, min, max);
  }

  // A whole number in [min, max] (1.0 is accepted as 1; 1.5 is not).
  std::int64_t integer(const std::string& name, std::int64_t min, std::int64_t max) const {
    const double value = number(name, static_cast<double>(min), static_cast<double>(max));
    if (value != std::floor(value))
      refuse(field(name), "must be a whole number");
    return static_cast<std::int64_t>(value);
  }

  bool boolean(const std::string& name) const {
    const Var value = require(name);
    if (!value.isBoolean())
      refuse(field(name), "must be true or false");
    return value.extract<bool>();
  }

  std::optional<std::uint64_t> optionalUnsigned(const std::string& name) const {
    if (!has(name))
      return std::nullopt;
    const Var value = object_.get(name);
    if (value.isEmpty() || value.isBoolean() || value.isString() || !value.isInteger())
      refuse(field(name), "must be a non-negative integer");
    try {
      if (value.isSigned()) {
        const Poco::Int64 signedValue = value.convert<Poco::Int64>();
        if (signedValue < 0)
          refuse(field(name), "must be a non-negative integer");
        return static_cast<std::uint64_t>(signedValue);
      }
      return value.convert<Poco::UInt64>();
    } catch (const Poco::Exception&) {
      refuse(field(name), "must be a non-negative integer");
    }
  }

  // A non-empty string of at most maxBytes bytes of valid UTF-8.
  std::string string(const std::string& name, std::size_t maxBytes) const {
    const Var value = require(name);
    if (!value.isString())
      refuse(field(name), "must be a string");
    std::string text = value.extract<std::string>();
    if (text.empty())
      refuse(field(name), "must not be empty");
    if (text.size() > maxBytes)
      refuse(field(name), "must be at most " + std::to_string(maxBytes) + " bytes");
    if (!ws::isValidUtf8(text))
      refuse(field(name), "must be valid UTF-8");
    return text;
  }

  // Required key whose value is a string or null.
  std::optional<std::string> nullableString(const std::string& name, std::size_t maxBytes) const {
    if (require(name).isEmpty())
      return std::nullopt;
    return string(name, maxBytes);
  }

  std::string field(const std::string& name) const {
    return path_.empty() ? name : path_ + "." + name;
  }

 private:
  Var require(const std::string& name) const {
    if (!object_.has(name))
      refuse(field(name), "is required");
    return object_.get(name);
  }

  const Object& object_;
  std::string path_;
};

std::optional<std::uint64_t> expectedVersion(const Fields& data) {
  return data.optionalUnsigned("expected_version");
}

playback::PlaybackCommand command(playback::PlaybackAction action, const Fields& data) {
  return playback::PlaybackCommand{std::move(action), expectedVersion(data)};
}

constexpr std::string_view kClientTypes[] = {"playback.play",
                                             "playback.pause",
                                             "playback.seek",
                                             "playback.change_quality",
                                             "playback.change_subtitle",
                                             "playback.set_source",
                                             "playback.report",
                                             "chat.send",
                                             "chat.history",
                                             "chat.set_enabled",
                                             "chat.delete",
                                             "chat.mute",
                                             "chat.kick",
                                             "time.ping",
                                             "room.resync"};

ClientBody decodeBody(const std::string& type, const Object* dataObject) {
  bool known = false;
  for (const std::string_view candidate : kClientTypes)
    known = known || type == candidate;
  if (!known)
    refuse("type", "unknown message type");
  // Types whose every field is optional accept a missing data object; the rest need it.
  static const Object kEmpty;
  const bool optionalData = type == "playback.play" || type == "playback.pause" ||
                            type == "room.resync" || type == "chat.history";
  if (dataObject == nullptr && !optionalData)
    refuse("data", "is required for " + type);
  const Fields data(dataObject != nullptr ? *dataObject : kEmpty, "data");

  if (type == "playback.play" || type == "playback.pause") {
    data.allowOnly({"position_s", "expected_version"});
    const auto position = data.optionalNumber("position_s", 0.0, kMaxPositionS);
    if (type == "playback.play")
      return PlaybackCommandMessage{command(playback::PlayCommand{position}, data)};
    return PlaybackCommandMessage{command(playback::PauseCommand{position}, data)};
  }
  if (type == "playback.seek") {
    data.allowOnly({"position_s", "expected_version"});
    const double position = data.number("position_s", 0.0, kMaxPositionS);
    return PlaybackCommandMessage{command(playback::SeekCommand{position}, data)};
  }
  if (type == "playback.change_quality") {
    data.allowOnly({"quality", "expected_version"});
    return PlaybackCommandMessage{
        command(playback::ChangeQualityCommand{data.string("quality", kMaxLabelBytes)}, data)};
  }
  if (type == "playback.change_subtitle") {
    data.allowOnly({"subtitle", "expected_version"});
    return PlaybackCommandMessage{command(
        playback::ChangeSubtitleCommand{data.nullableString("subtitle", kMaxLabelBytes)}, data)};
  }
  if (type == "playback.set_source") {
    data.allowOnly({"provider", "ref", "expected_version"});
    return SetSourceRequest{data.string("provider", kMaxLabelBytes),
                            data.string("ref", kMaxRefBytes), expectedVersion(data)};
  }
  if (type == "playback.report") {
    data.allowOnly({"position_s", "buffering", "client_ms"});
    return PlaybackReport{data.number("position_s", 0.0, kMaxPositionS), data.boolean("buffering"),
                          data.number("client_ms", 0.0, kMaxClientMs)};
  }
  if (type == "chat.send") {
    data.allowOnly({"text"});
    // The byte cap is only the message cap here; the real limit counts code points after
    // sanitizing, so a long text of control characters cannot pass as short.
    const std::string raw = data.string("text", std::numeric_limits<std::size_t>::max());
    std::string text = sanitizeChatText(raw);
    if (text.empty())
      refuse("data.text", "must contain visible text");
    if (countCodePoints(text) > kMaxChatCodePoints)
      refuse("data.text", "must be at most " + std::to_string(kMaxChatCodePoints) + " characters");
    return ChatSend{std::move(text)};
  }
  if (type == "chat.history") {
    data.allowOnly({"before", "limit"});
    ChatHistoryRequest request;
    if (data.has("before"))
      request.before = data.string("before", kMaxIdBytes);
    if (data.has("limit"))
      request.limit = static_cast<std::size_t>(
          data.integer("limit", 1, static_cast<std::int64_t>(kMaxChatHistoryLimit)));
    return request;
  }
  if (type == "chat.set_enabled") {
    data.allowOnly({"enabled"});
    return ChatSetEnabled{data.boolean("enabled")};
  }
  if (type == "chat.delete") {
    data.allowOnly({"message_id"});
    return ChatDelete{data.string("message_id", kMaxIdBytes)};
  }
  if (type == "chat.mute") {
    data.allowOnly({"user_id", "duration_s"});
    return ChatMute{data.string("user_id", kMaxIdBytes),
                    data.integer("duration_s", 1, kMaxChatModerationDurationS)};
  }
  if (type == "chat.kick") {
    data.allowOnly({"user_id", "duration_s"});
    return ChatKick{data.string("user_id", kMaxIdBytes),
                    data.integer("duration_s", 0, kMaxChatModerationDurationS)};
  }
  if (type == "time.ping") {
    data.allowOnly({"t0"});
    return TimePing{data.number("t0", 0.0, kMaxClientMs)};
  }
  if (type == "room.resync") {
    data.allowOnly({});
    return RoomResync{};
  }
  refuse("type", "unknown message type");  // unreachable while kClientTypes is complete
}

ClientMessage decodeEnvelope(const Object& envelope, std::optional<std::string>& id) {
  const Fields fields(envelope, "");
  // The id first, so every later refusal can be answered with re = id.
  if (fields.has("id"))
    id = fields.string("id", kMaxIdBytes);
  fields.allowOnly({"type", "id", "data"});
  const std::string type = fields.string("type", kMaxLabelBytes);
  const Object* data = nullptr;
  if (envelope.has("data")) {
    const Var value = envelope.get("data");
    if (value.type() != typeid(Object::Ptr) || value.extract<Object::Ptr>().isNull())
      refuse("data", "must be an object");
    data = value.extract<Object::Ptr>().get();
  }
  return ClientMessage{id, decodeBody(type, data)};
}

}  // namespace

DecodeResult decodeClientMessage(std::string_view text, const DecodeLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return DecodeError{std::nullopt,
                       "message: larger than " + std::to_string(limits.max_bytes) + " bytes"};
  }
  if (deeperThan(text, limits.max_depth)) {
    return DecodeError{std::nullopt, "message: nested deeper than " +
                                         std::to_string(limits.max_depth) + " levels"};
  }
  std::optional<std::string> id;
  try {
    Var parsed;
    try {
      Poco::JSON::Parser parser;
      parsed = parser.parse(std::string(text));
    } catch (const Poco::Exception&) {
      return DecodeError{std::nullopt, "message: not a valid JSON document"};
    }
    if (parsed.type() != typeid(Object::Ptr) || parsed.extract<Object::Ptr>().isNull())
      return DecodeError{std::nullopt, "message: must be a JSON object"};
    return decodeEnvelope(*parsed.extract<Object::Ptr>(), id);
  } catch (const Refusal& refusal) {
    return DecodeError{id, refusal.message};
  } catch (const std::exception&) {
    // Poco::Exception derives from std::exception; nothing may escape to the I/O loop.
    return DecodeError{id, "message: could not be decoded"};
  } catch (...) {
    return DecodeError{id, "message: could not be decoded"};
  }
}

std::string sanitizeChatText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 && byte != '\n')
      continue;
    if (byte == 0x7F)
      continue;
    // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

std::size_t countCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++count;
  }
  return count;
}

}  // namespace streamit::protocol
