#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

#include "http/message.h"

namespace streamit::http {

// Reading client input in handlers. Each function throws ApiError with INVALID_JSON or
// VALIDATION_FAILED (details.field naming the field) so handlers never hand-roll checks.

// The body as a JSON object; INVALID_JSON when it is not valid JSON or not an object.
Poco::JSON::Object::Ptr jsonObjectBody(const Request& request);

// A required string field of 1..maxLength bytes.
std::string requireString(const Poco::JSON::Object& object, const std::string& field,
                          std::size_t maxLength);
// An optional string field; absent or null → nullopt.
std::optional<std::string> optionalString(const Poco::JSON::Object& object,
                                          const std::string& field, std::size_t maxLength);
// An optional boolean field; absent → fallback.
bool optionalBool(const Poco::JSON::Object& object, const std::string& field, bool fallback);

// An integer query parameter in [min, max]; absent → fallback.
std::int64_t queryInt(const Request& request, const std::string& name, std::int64_t fallback,
                      std::int64_t min, std::int64_t max);

// An integer path parameter (the route guarantees it is present) in [min, max].
std::int64_t pathInt(const Request& request, const std::string& name, std::int64_t min,
                     std::int64_t max);

}  // namespace streamit::http
