#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/schema.h"

namespace streamit::config {

// A schema document we cannot use; what() names the offending schema location.
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Builds a SchemaNode from the JSON Schema subset plugins declare in their descriptor:
//   type (object|string|integer|number|boolean|array), properties, required,
//   additionalProperties (boolean; absent means true, as in JSON Schema), items, enum (strings),
//   minimum, maximum, default, description, and the extension "secret": true.
// "$schema", "$id", "$comment", "title" and "examples" are accepted and ignored; any other
// keyword throws SchemaError, so a plugin author never believes an unchecked rule is enforced.
SchemaNode parseJsonSchema(const std::string& jsonText);
SchemaNode schemaFromNode(const YAML::Node& schemaDocument);

// Parses `jsonText` (JSON is YAML, so lines are reported) and validates it against `schema`.
// A syntax error is returned as an issue with its line rather than thrown.
std::vector<ConfigIssue> validateJsonText(const SchemaNode& schema, const std::string& jsonText);

}  // namespace streamit::config
