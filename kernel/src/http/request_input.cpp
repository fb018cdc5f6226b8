#include "http/request_input.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <charconv>

#include "http/api_error.h"

namespace streamit::http {
namespace {

[[noreturn]] void invalidField(const std::string& field, const std::string& message) {
  throw ApiError(errors::kValidationFailed, field + ": " + message, {{"field", field}});
}

}  // namespace

Poco::JSON::Object::Ptr jsonObjectBody(const Request& request) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(request.body);
  } catch (const Poco::Exception&) {
    throw ApiError(errors::kInvalidJson, "request body is not valid JSON");
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw ApiError(errors::kInvalidJson, "request body must be a JSON object");
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> optionalString(const Poco::JSON::Object& object,
                                          const std::string& field, std::size_t maxLength) {
  if (!object.has(field) || object.isNull(field))
    return std::nullopt;
  const auto value = object.get(field);
  if (!value.isString())
    invalidField(field, "must be a string");
  auto text = value.extract<std::string>();
  if (text.empty())
    invalidField(field, "must not be empty");
  if (text.size() > maxLength) {
    invalidField(field, "must be at most " + std::to_string(maxLength) + " bytes");
  }
  return text;
}

std::string requireString(const Poco::JSON::Object& object, const std::string& field,
                          std::size_t maxLength) {
  auto value = optionalString(object, field, maxLength);
  if (!value)
    invalidField(field, "is required");
  return *value;
}

bool optionalBool(const Poco::JSON::Object& object, const std::string& field, bool fallback) {
  if (!object.has(field) || object.isNull(field))
    return fallback;
  const auto value = object.get(field);
  if (value.type() != typeid(bool))
    invalidField(field, "must be true or false");
  return value.extract<bool>();
}

namespace {

std::int64_t boundedInt(const std::string& name, const std::string& text, std::int64_t min,
                        std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    invalidField(name, "must be an integer");
  }
  if (value < min || value > max) {
    invalidField(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

}  // namespace

std::int64_t queryInt(const Request& request, const std::string& name, std::int64_t fallback,
                      std::int64_t min, std::int64_t max) {
  const auto it = request.query.find(name);
  return it == request.query.end() ? fallback : boundedInt(name, it->second, min, max);
}

std::int64_t pathInt(const Request& request, const std::string& name, std::int64_t min,
                     std::int64_t max) {
  return boundedInt(name, request.pathParams.at(name), min, max);
}

}  // namespace streamit::http
