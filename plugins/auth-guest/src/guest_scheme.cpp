#include "guest_scheme.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>
#include <variant>

#include "display_name.h"
#include "guest_id.h"

namespace streamit::guest {
namespace {

// One JSON value; throws Poco::Exception when `json` is not JSON.
Poco::Dynamic::Var parseJson(std::string_view json) {
  Poco::JSON::Parser parser;
  return parser.parse(std::string(json));
}

[[noreturn]] void invalidName(const std::string& message) {
  throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, message);
}

}  // namespace

GuestConfig parseGuestConfig(std::string_view json) {
  GuestConfig config;
  Poco::JSON::Object::Ptr object;
  try {
    const auto parsed = parseJson(json.empty() ? std::string_view("{}") : json);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
      object = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    object = nullptr;
  }
  if (!object)
    throw std::invalid_argument("config: must be a JSON object");
  if (!object->has("reserved_names")) {
    config.reservedNames = defaultReservedNames();
    return config;
  }
  const auto array = object->getArray("reserved_names");
  if (!array)
    throw std::invalid_argument("reserved_names: must be an array of strings");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned int>(i));
    if (!value.isString())
      throw std::invalid_argument("reserved_names: every entry must be a string");
    // Stored as the comparison sees them: trimmed (a padded entry would never match).
    auto trimmed = checkDisplayName(value.extract<std::string>(), {});
    if (const auto* rejected = std::get_if<NameRejection>(&trimmed)) {
      throw std::invalid_argument("reserved_names: entry " + std::to_string(i) +
                                  " is not a valid name (" + rejected->message + ")");
    }
    config.reservedNames.push_back(std::get<std::string>(trimmed));
  }
  return config;
}

GuestAuthScheme::GuestAuthScheme(sdk::Host host)
    : host_(host), config_(parseGuestConfig(host.configJson())) {}

sdk::Principal GuestAuthScheme::authenticateCredentials(std::string_view credentials_json) {
  host_.count("sign_ins");
  Poco::JSON::Object::Ptr object;
  try {
    const auto parsed = parseJson(credentials_json);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
      object = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    object = nullptr;  // reported below like any other unusable input
  }
  if (!object)
    invalidName("display_name: credentials must be a JSON object with display_name");
  if (!object->has("display_name") || object->isNull("display_name"))
    invalidName("display_name: is required");
  const auto value = object->get("display_name");
  if (!value.isString())
    invalidName("display_name: must be a string");
  auto checked = checkDisplayName(value.extract<std::string>(), config_.reservedNames);
  if (auto* rejected = std::get_if<NameRejection>(&checked)) {
    host_.count("rejected_names");
    invalidName(rejected->message);
  }
  sdk::Principal principal;
  principal.subject = newGuestSubject();
  principal.display_name = std::move(std::get<std::string>(checked));
  return principal;  // no scopes: the kernel assigns them by user kind
}

sdk::Principal GuestAuthScheme::validate(std::string_view /*token*/) {
  throw sdk::Error(STREAMIT_STATUS_DENIED,
                   "auth.guest issues no tokens: access tokens are the kernel's to verify");
}

}  // namespace streamit::guest
