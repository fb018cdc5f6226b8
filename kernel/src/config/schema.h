#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"

namespace streamit::config {

enum class SchemaType { kObject, kString, kInteger, kNumber, kBoolean, kArray, kEnum };

struct SchemaField;

// One node of a declared configuration schema. Plain data so the kernel schema, plugin
// schemas parsed from JSON Schema, the validator and the documentation generator all share
// one description of what a valid document is.
struct SchemaNode {
  SchemaType type = SchemaType::kString;
  std::string description;
  bool required = false;  // meaningful for object fields: absence is an error
  bool secret = false;    // value is registered with the log redactor; `<key>_file` accepted
  // The default as YAML/JSON flow text ("8080", "127.0.0.1", "[]"); used by docs and by
  // applyDefaults(). Absent: no default (the key is optional and simply left out).
  std::optional<std::string> defaultValue;
  std::optional<double> minimum;  // integer and number only
  std::optional<double> maximum;
  std::vector<std::string> enumValues;  // enum only
  std::vector<SchemaField> fields;      // object only, in declaration (and documentation) order
  // Object only: keys not in `fields` are accepted. An object with no fields that allows
  // additional properties is "free-form" (e.g. a plugin instance's `config:` block).
  bool additionalProperties = false;
  std::vector<SchemaNode> items;  // array only: exactly one element, the item schema

  // Fluent setters for declaring schemas as data: `integerNode("...").min(1).max(65535)`.
  // They return by value so a chain never leaves a reference to a temporary. Defined after
  // SchemaField so that type is complete where std::vector<SchemaField> members are used.
  SchemaNode isRequired() &&;
  SchemaNode isSecret() &&;
  SchemaNode byDefault(std::string text) &&;
  SchemaNode min(double value) &&;
  SchemaNode max(double value) &&;

  const SchemaNode* field(const std::string& name) const;
  bool isFreeForm() const;
};

struct SchemaField {
  std::string name;
  SchemaNode node;
};

inline SchemaNode SchemaNode::isRequired() && {
  required = true;
  return std::move(*this);
}
inline SchemaNode SchemaNode::isSecret() && {
  secret = true;
  return std::move(*this);
}
inline SchemaNode SchemaNode::byDefault(std::string text) && {
  defaultValue = std::move(text);
  return std::move(*this);
}
inline SchemaNode SchemaNode::min(double value) && {
  minimum = value;
  return std::move(*this);
}
inline SchemaNode SchemaNode::max(double value) && {
  maximum = value;
  return std::move(*this);
}
inline bool SchemaNode::isFreeForm() const {
  return type == SchemaType::kObject && fields.empty() && additionalProperties;
}

SchemaNode objectNode(std::string description, std::vector<SchemaField> fields);
SchemaNode freeFormNode(std::string description);
SchemaNode stringNode(std::string description);
SchemaNode integerNode(std::string description);
SchemaNode numberNode(std::string description);
SchemaNode booleanNode(std::string description);
SchemaNode enumNode(std::string description, std::vector<std::string> values);
SchemaNode arrayNode(std::string description, SchemaNode items);

// "object", "string", "integer", ... as written in JSON Schema and in error messages.
const char* typeName(SchemaType type);

// Validates `document` against `schema`; returns every issue found (empty: valid). Paths are
// dotted ("storage.postgres.port", "plugins.instances[0].id"); lines come from the YAML
// marks. Scalars follow JSON typing: a quoted "8080" is a string, not an integer.
// `jsonStrings`: the document is JSON, so a string-typed value must be a quoted string.
std::vector<ConfigIssue> validate(const SchemaNode& schema, const YAML::Node& document,
                                  bool jsonStrings = false);

// Returns a copy of `document` with every absent key that has a default filled in,
// recursively (arrays of objects included). Assumes `document` has been validated.
YAML::Node applyDefaults(const SchemaNode& schema, const YAML::Node& document);

// Calls `visit(path, node)` for every schema node in declaration order; array items are
// visited as "<path>[]". The root itself is not visited.
template <typename Visit>
void forEachSchemaNode(const SchemaNode& schema, const std::string& path, Visit&& visit) {
  for (const auto& f : schema.fields) {
    const std::string childPath = path.empty() ? f.name : path + "." + f.name;
    visit(childPath, f.node);
    forEachSchemaNode(f.node, childPath, visit);
  }
  for (const auto& item : schema.items) {
    visit(path + "[]", item);
    forEachSchemaNode(item, path + "[]", visit);
  }
}

}  // namespace streamit::config
