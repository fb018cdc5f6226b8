#include "playback/playback_state.h"

#include "playback/state_writer.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace streamit::playback {
namespace {

constexpr double kMsPerSecond = 1000.0;
constexpr std::size_t kTypicalStateBytes = 512;

Poco::Dynamic::Var optionalString(const std::optional<std::string>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::JSON::Array::Ptr stringArray(const std::vector<std::string>& values) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const std::string& value : values) {
    array->add(value);
  }
  return array;
}

Poco::JSON::Object::Ptr sourceToJson(const PlaybackSource& source) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("provider", source.provider);
  object->set("stream_id", source.stream_id);
  object->set("kind", source.kind);
  object->set("url", source.url);
  object->set("embed_url", source.embed_url);
  object->set("duration_s",
              source.duration_s ? Poco::Dynamic::Var(*source.duration_s) : Poco::Dynamic::Var());
  object->set("qualities", stringArray(source.qualities));
  object->set("subtitles", stringArray(source.subtitles));
  return object;
}

// --- Strict reading helpers. `path` is the dotted key used in error messages. ---

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw PlaybackJsonError("playback state: '" + path + "' " + what);
}

void requireExactKeys(const Poco::JSON::Object& object, const std::string& prefix,
                      std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (!object.has(key)) {
      fail(prefix + key, "is missing");
    }
  }
  for (const auto& [key, value] : object) {
    // Named reference: clang 14 cannot capture a structured binding in a lambda.
    const std::string& name = key;
    if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return name == k; }) ==
        keys.end()) {
      fail(prefix + key, "is not a known key");
    }
  }
}

std::string readString(const Poco::JSON::Object& object, const std::string& prefix,
                       const char* key) {
  const Poco::Dynamic::Var value = object.get(key);
  if (!value.isString()) {
    fail(prefix + key, "must be a string");
  }
  return value.extract<std::string>();
}

std::optional<std::string> readOptionalString(const Poco::JSON::Object& object,
                                              const std::string& prefix, const char* key) {
  if (object.isNull(key)) {
    return std::nullopt;
  }
  return readString(object, prefix, key);
}

// JSON does not distinguish 3 from 3.0 and Poco's writer prints whole doubles without a
// fraction, so a "double" field accepts any JSON number.
double readNumber(const Poco::JSON::Object& object, const std::string& prefix, const char* key) {
  const Poco::Dynamic::Var value = object.get(key);
  if (!value.isNumeric() || value.isBoolean()) {
    fail(prefix + key, "must be a number");
  }
  double number = 0.0;
  try {
    number = value.convert<double>();
  } catch (const Poco::Exception&) {
    fail(prefix + key, "must be a number");
  }
  if (!std::isfinite(number)) {
    fail(prefix + key, "must be finite");
  }
  return number;
}

std::optional<double> readOptionalNumber(const Poco::JSON::Object& object,
                                         const std::string& prefix, const char* key) {
  if (object.isNull(key)) {
    return std::nullopt;
  }
  return readNumber(object, prefix, key);
}

// Integers must be integers: 1.5 or 1e300 for a version is a corrupt or hostile payload.
std::int64_t readInteger(const Poco::JSON::Object& object, const std::string& prefix,
                         const char* key) {
  const Poco::Dynamic::Var value = object.get(key);
  if (!value.isInteger() || value.isBoolean()) {
    fail(prefix + key, "must be an integer");
  }
  try {
    return value.convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    fail(prefix + key, "is out of range");
  }
}

std::uint64_t readUnsigned(const Poco::JSON::Object& object, const std::string& prefix,
                           const char* key) {
  const std::int64_t value = readInteger(object, prefix, key);
  if (value < 0) {
    fail(prefix + key, "must not be negative");
  }
  return static_cast<std::uint64_t>(value);
}

std::vector<std::string> readStringArray(const Poco::JSON::Object& object,
                                         const std::string& prefix, const char* key) {
  const Poco::JSON::Array::Ptr array = object.getArray(key);
  if (array.isNull()) {
    fail(prefix + key, "must be an array");
  }
  std::vector<std::string> values;
  values.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Poco::Dynamic::Var item = array->get(static_cast<unsigned int>(i));
    if (!item.isString()) {
      fail(prefix + key + "[" + std::to_string(i) + "]", "must be a string");
    }
    values.push_back(item.extract<std::string>());
  }
  return values;
}

PlaybackSource sourceFromJson(const Poco::JSON::Object& object) {
  const std::string prefix = "source.";
  requireExactKeys(object, prefix,
                   {"provider", "stream_id", "kind", "url", "embed_url", "duration_s", "qualities",
                    "subtitles"});
  PlaybackSource source;
  source.provider = readString(object, prefix, "provider");
  source.stream_id = readString(object, prefix, "stream_id");
  source.kind = readString(object, prefix, "kind");
  source.url = readString(object, prefix, "url");
  source.embed_url = readString(object, prefix, "embed_url");
  source.duration_s = readOptionalNumber(object, prefix, "duration_s");
  source.qualities = readStringArray(object, prefix, "qualities");
  source.subtitles = readStringArray(object, prefix, "subtitles");
  return source;
}

}  // namespace

std::string_view toString(PlaybackStatus status) {
  switch (status) {
    case PlaybackStatus::kPaused:
      return "paused";
    case PlaybackStatus::kPlaying:
      return "playing";
  }
  return "unknown";
}

std::optional<PlaybackStatus> parsePlaybackStatus(std::string_view text) {
  if (text == "paused") {
    return PlaybackStatus::kPaused;
  }
  if (text == "playing") {
    return PlaybackStatus::kPlaying;
  }
  return std::nullopt;
}

double positionAt(const PlaybackState& state, std::int64_t nowMs) {
  double position = state.position_s;
  if (state.status == PlaybackStatus::kPlaying && nowMs > state.ref_server_ms) {
    position += static_cast<double>(nowMs - state.ref_server_ms) / kMsPerSecond * state.rate;
  }
  const double upper = (state.source && state.source->duration_s)
                           ? *state.source->duration_s
                           : std::numeric_limits<double>::infinity();
  return std::clamp(position, 0.0, std::max(upper, 0.0));
}

Poco::JSON::Object::Ptr toJson(const PlaybackState& state) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  // Versions stay far below 2^63; JSON integers beyond that would not survive most clients.
  object->set("epoch", static_cast<Poco::Int64>(state.epoch));
  object->set("version", static_cast<Poco::Int64>(state.version));
  object->set("status", std::string(toString(state.status)));
  object->set("position_s", state.position_s);
  object->set("ref_server_ms", static_cast<Poco::Int64>(state.ref_server_ms));
  object->set("rate", state.rate);
  object->set("source", state.source ? Poco::Dynamic::Var(sourceToJson(*state.source))
                                     : Poco::Dynamic::Var());
  object->set("quality", state.quality);
  object->set("subtitle", optionalString(state.subtitle));
  return object;
}

std::string toJsonString(const PlaybackState& state) {
  std::string out;
  out.reserve(kTypicalStateBytes);
  out += '{';
  appendStateMembers(out, state);
  out += '}';
  return out;
}

PlaybackState playbackStateFromJson(const Poco::JSON::Object& object) {
  const std::string prefix;
  requireExactKeys(object, prefix,
                   {"epoch", "version", "status", "position_s", "ref_server_ms", "rate", "source",
                    "quality", "subtitle"});
  PlaybackState state;
  state.epoch = readUnsigned(object, prefix, "epoch");
  state.version = readUnsigned(object, prefix, "version");
  const std::optional<PlaybackStatus> status =
      parsePlaybackStatus(readString(object, prefix, "status"));
  if (!status) {
    fail("status", "must be \"paused\" or \"playing\"");
  }
  state.status = *status;
  state.position_s = readNumber(object, prefix, "position_s");
  state.ref_server_ms = readInteger(object, prefix, "ref_server_ms");
  state.rate = readNumber(object, prefix, "rate");
  if (!object.isNull("source")) {
    const Poco::JSON::Object::Ptr source = object.getObject("source");
    if (source.isNull()) {
      fail("source", "must be an object or null");
    }
    state.source = sourceFromJson(*source);
  }
  state.quality = readString(object, prefix, "quality");
  state.subtitle = readOptionalString(object, prefix, "subtitle");
  return state;
}

PlaybackState playbackStateFromJsonString(std::string_view text) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(text));
  } catch (const Poco::Exception& e) {
    throw PlaybackJsonError("playback state: invalid JSON: " + e.displayText());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw PlaybackJsonError("playback state: top level must be an object");
  }
  return playbackStateFromJson(*parsed.extract<Poco::JSON::Object::Ptr>());
}

}  // namespace streamit::playback
