#include "config/json_schema.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "config/yaml_scalar.h"
#include "config/yaml_to_json.h"

namespace streamit::config {
namespace {

constexpr std::array<std::string_view, 5> kIgnoredKeywords = {"$schema", "$id", "$comment", "title",
                                                              "examples"};
constexpr std::array<std::string_view, 11> kSupportedKeywords = {
    "type",    "properties", "required", "additionalProperties", "items", "enum",
    "minimum", "maximum",    "default",  "description",          "secret"};

template <std::size_t N>
bool containsKeyword(const std::array<std::string_view, N>& keywords, std::string_view keyword) {
  return std::find(keywords.begin(), keywords.end(), keyword) != keywords.end();
}

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  throw SchemaError("invalid config schema at " + (where.empty() ? "<root>" : where) + ": " +
                    message);
}

std::string scalarOf(const YAML::Node& node, const std::string& where, const char* keyword) {
  if (!node.IsScalar())
    fail(where, std::string("'") + keyword + "' must be a scalar");
  return node.Scalar();
}

double numberOf(const YAML::Node& node, const std::string& where, const char* keyword) {
  const auto value = parseNumber(scalarOf(node, where, keyword));
  if (!value || isQuoted(node))
    fail(where, std::string("'") + keyword + "' must be a number");
  return *value;
}

bool booleanOf(const YAML::Node& node, const std::string& where, const char* keyword) {
  const auto value = parseBoolean(scalarOf(node, where, keyword));
  if (!value || isQuoted(node))
    fail(where, std::string("'") + keyword + "' must be a boolean");
  return *value;
}

SchemaType typeFromName(const std::string& name, const std::string& where) {
  if (name == "object")
    return SchemaType::kObject;
  if (name == "string")
    return SchemaType::kString;
  if (name == "integer")
    return SchemaType::kInteger;
  if (name == "number")
    return SchemaType::kNumber;
  if (name == "boolean")
    return SchemaType::kBoolean;
  if (name == "array")
    return SchemaType::kArray;
  fail(where, "unsupported type '" + name + "'");
}

SchemaNode build(const YAML::Node& doc, const std::string& where) {
  if (!doc.IsMap())
    fail(where, "a schema must be an object");
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string keyword = it->first.Scalar();
    if (!containsKeyword(kSupportedKeywords, keyword) &&
        !containsKeyword(kIgnoredKeywords, keyword)) {
      fail(where, "unsupported keyword '" + keyword + "'");
    }
  }

  SchemaNode node;
  const YAML::Node enumValues = doc["enum"];
  if (doc["type"]) {
    node.type = typeFromName(scalarOf(doc["type"], where, "type"), where);
  } else if (enumValues) {
    node.type = SchemaType::kString;
  } else {
    fail(where, "missing 'type'");
  }
  if (enumValues) {
    if (node.type != SchemaType::kString)
      fail(where, "'enum' is supported for strings only");
    if (!enumValues.IsSequence() || enumValues.size() == 0) {
      fail(where, "'enum' must be a non-empty array");
    }
    node.type = SchemaType::kEnum;
    for (const auto& value : enumValues) {
      if (!value.IsScalar() || scalarKind(value) != ScalarKind::kString) {
        fail(where, "'enum' values must be strings");
      }
      node.enumValues.push_back(value.Scalar());
    }
  }
  if (doc["description"])
    node.description = scalarOf(doc["description"], where, "description");
  if (doc["secret"])
    node.secret = booleanOf(doc["secret"], where, "secret");
  if (doc["default"])
    node.defaultValue = yamlToJson(doc["default"]);  // JSON is valid YAML flow text

  const bool numeric = node.type == SchemaType::kInteger || node.type == SchemaType::kNumber;
  if (doc["minimum"]) {
    if (!numeric)
      fail(where, "'minimum' applies to integer and number only");
    node.minimum = numberOf(doc["minimum"], where, "minimum");
  }
  if (doc["maximum"]) {
    if (!numeric)
      fail(where, "'maximum' applies to integer and number only");
    node.maximum = numberOf(doc["maximum"], where, "maximum");
  }

  const bool object = node.type == SchemaType::kObject;
  if (!object && (doc["properties"] || doc["required"] || doc["additionalProperties"])) {
    fail(where, "'properties', 'required' and 'additionalProperties' apply to objects only");
  }
  if (object) {
    node.additionalProperties = true;
    if (doc["additionalProperties"]) {
      node.additionalProperties =
          booleanOf(doc["additionalProperties"], where, "additionalProperties");
    }
    if (const YAML::Node properties = doc["properties"]) {
      if (!properties.IsMap())
        fail(where, "'properties' must be an object");
      for (auto it = properties.begin(); it != properties.end(); ++it) {
        const std::string name = it->first.Scalar();
        const std::string childWhere = where.empty() ? name : where + "." + name;
        node.fields.push_back(SchemaField{name, build(it->second, childWhere)});
      }
    }
    if (const YAML::Node required = doc["required"]) {
      if (!required.IsSequence())
        fail(where, "'required' must be an array");
      for (const auto& name : required) {
        const std::string key = scalarOf(name, where, "required");
        bool found = false;
        for (auto& f : node.fields) {
          if (f.name == key) {
            f.node.required = true;
            found = true;
          }
        }
        if (!found)
          fail(where, "required key '" + key + "' is not in 'properties'");
      }
    }
  }

  if (node.type == SchemaType::kArray) {
    if (!doc["items"])
      fail(where, "an array needs 'items'");
    node.items.push_back(build(doc["items"], where + "[]"));
  } else if (doc["items"]) {
    fail(where, "'items' applies to arrays only");
  }

  // A default that fails its own schema would surface as a confusing error in a plugin.
  if (node.defaultValue) {
    SchemaNode check = node;
    check.required = false;
    const auto issues = validate(check, YAML::Load(*node.defaultValue));
    if (!issues.empty())
      fail(where, "'default' is invalid: " + issues.front().message);
  }
  return node;
}

}  // namespace

SchemaNode schemaFromNode(const YAML::Node& schemaDocument) {
  return build(schemaDocument, "");
}

SchemaNode parseJsonSchema(const std::string& jsonText) {
  YAML::Node doc;
  try {
    doc = YAML::Load(jsonText);
  } catch (const YAML::Exception& e) {
    throw SchemaError("invalid config schema: line " + std::to_string(e.mark.line + 1) + ": " +
                      e.msg);
  }
  return schemaFromNode(doc);
}

std::vector<ConfigIssue> validateJsonText(const SchemaNode& schema, const std::string& jsonText) {
  YAML::Node doc;
  try {
    doc = YAML::Load(jsonText);
  } catch (const YAML::Exception& e) {
    return {ConfigIssue{"", e.mark.is_null() ? 0 : e.mark.line + 1, "syntax error: " + e.msg, {}}};
  }
  return validate(schema, doc, /*jsonStrings=*/true);
}

}  // namespace streamit::config
