#include "player_event.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>

namespace streamit::vidking {

namespace {

using Poco::JSON::Object;

struct Invalid {
  std::string why;
};

std::optional<PlayerEventType> eventFromName(const std::string& name) {
  if (name == "play")
    return PlayerEventType::kPlay;
  if (name == "pause")
    return PlayerEventType::kPause;
  if (name == "timeupdate")
    return PlayerEventType::kTimeUpdate;
  if (name == "seeked")
    return PlayerEventType::kSeeked;
  if (name == "ended")
    return PlayerEventType::kEnded;
  return std::nullopt;
}

// A JSON number (never a numeric string: the player sends numbers, strings mean tampering).
std::optional<double> number(const Object& data, const std::string& key) {
  if (!data.has(key))
    return std::nullopt;
  Poco::Dynamic::Var v = data.get(key);
  if (v.isBoolean() || !v.isNumeric())  // Poco counts booleans as numeric
    throw Invalid{key + " must be a number"};
  double d = v.convert<double>();
  if (!std::isfinite(d))
    throw Invalid{key + " must be finite"};
  return d;
}

double nonNegative(const Object& data, const std::string& key, bool required) {
  std::optional<double> d = number(data, key);
  if (!d) {
    if (required)
      throw Invalid{key + " is required"};
    return 0;
  }
  if (*d < 0)
    throw Invalid{key + " must not be negative"};
  return *d;
}

std::optional<uint32_t> smallCount(const Object& data, const std::string& key) {
  std::optional<double> d = number(data, key);
  if (!d)
    return std::nullopt;
  if (*d < 0 || *d > 100000 || std::floor(*d) != *d)
    throw Invalid{key + " must be a non-negative integer"};
  return static_cast<uint32_t>(*d);
}

PlayerEvent parseData(const Object& data) {
  PlayerEvent out;
  if (!data.has("event") || !data.get("event").isString())
    throw Invalid{"data.event must be a string"};
  std::string name = data.getValue<std::string>("event");
  std::optional<PlayerEventType> type = eventFromName(name);
  if (!type)
    throw Invalid{"unknown event '" + name.substr(0, 32) + "'"};
  out.event = *type;
  out.currentTime = nonNegative(data, "currentTime", true);
  out.duration = nonNegative(data, "duration", false);
  out.progress = nonNegative(data, "progress", false);
  if (out.progress > 100)
    throw Invalid{"progress must be a percentage (0..100)"};
  if (data.has("id")) {
    Poco::Dynamic::Var id = data.get("id");
    if (id.isInteger() && !id.isString()) {
      long long n = id.convert<long long>();
      if (n <= 0)
        throw Invalid{"id must be a positive TMDB id"};
      out.id = std::to_string(n);
    } else if (id.isString()) {
      out.id = id.convert<std::string>();
      if (out.id.empty() || out.id.size() > 20 ||
          out.id.find_first_not_of("0123456789") != std::string::npos)
        throw Invalid{"id must be a positive TMDB id"};
    } else {
      throw Invalid{"id must be a TMDB id"};
    }
  }
  if (data.has("mediaType")) {
    Poco::Dynamic::Var m = data.get("mediaType");
    if (!m.isString() || (m.toString() != "movie" && m.toString() != "tv"))
      throw Invalid{"mediaType must be movie or tv"};
    out.mediaType = m.toString();
  }
  out.season = smallCount(data, "season");
  out.episode = smallCount(data, "episode");
  if (std::optional<double> ts = number(data, "timestamp")) {
    if (*ts < 0 || *ts > 9.0e15)
      throw Invalid{"timestamp must be milliseconds since the epoch"};
    out.timestamp = static_cast<int64_t>(*ts);
  }
  return out;
}

}  // namespace

std::string_view playerEventName(PlayerEventType type) {
  switch (type) {
    case PlayerEventType::kPlay:
      return "play";
    case PlayerEventType::kPause:
      return "pause";
    case PlayerEventType::kTimeUpdate:
      return "timeupdate";
    case PlayerEventType::kSeeked:
      return "seeked";
    case PlayerEventType::kEnded:
      return "ended";
  }
  return "unknown";
}

PlayerEventResult parsePlayerEvent(std::string_view origin, std::string_view message,
                                   std::string_view expectedOrigin) {
  // Origin first: a message from any other frame is ignored before its content is read.
  if (origin != expectedOrigin)
    return {std::nullopt, "origin '" + std::string(origin.substr(0, 64)) + "' is not the player's"};
  if (message.empty() || message.size() > kMaxPlayerMessageBytes)
    return {std::nullopt,
            "message must be 1.." + std::to_string(kMaxPlayerMessageBytes) + " bytes of JSON"};
  // Poco's parser mishandles some non-object documents ("empty stack"): decide that first.
  std::size_t first = message.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || message[first] != '{')
    return {std::nullopt, "message must be a JSON object"};
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var root = parser.parse(std::string(message));
    Object::Ptr obj = root.extract<Object::Ptr>();
    if (!obj->has("type") || !obj->get("type").isString() ||
        obj->getValue<std::string>("type") != "PLAYER_EVENT")
      return {std::nullopt, "type must be PLAYER_EVENT"};
    Object::Ptr data = obj->getObject("data");
    if (data.isNull())
      return {std::nullopt, "data must be an object"};
    return {parseData(*data), {}};
  } catch (const Invalid& e) {
    return {std::nullopt, "data." + e.why};
  } catch (const Poco::BadCastException&) {
    return {std::nullopt, "message must be a JSON object"};
  } catch (const Poco::Exception& e) {
    return {std::nullopt, "not JSON: " + e.message().substr(0, 80)};
  } catch (const std::exception& e) {
    return {std::nullopt, std::string("invalid message: ") + e.what()};
  }
}

}  // namespace streamit::vidking
