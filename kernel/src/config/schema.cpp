#include "config/schema.h"

#include <cmath>
#include <set>
#include <sstream>

#include "config/yaml_scalar.h"

namespace streamit::config {
namespace {

SchemaNode makeNode(SchemaType type, std::string description) {
  SchemaNode node;
  node.type = type;
  node.description = std::move(description);
  return node;
}

std::string joinPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string formatBound(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e18) {
    return std::to_string(static_cast<long long>(value));
  }
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string describeActual(const YAML::Node& node) {
  if (node.IsMap())
    return "object";
  if (node.IsSequence())
    return "array";
  const ScalarKind kind = scalarKind(node);
  if (kind == ScalarKind::kNull)
    return "null";
  return std::string(scalarKindName(kind)) + " '" + node.Scalar() + "'";
}

class Validator {
 public:
  explicit Validator(bool jsonStrings) : jsonStrings_(jsonStrings) {}
  std::vector<ConfigIssue> issues;

  // `ownerLine` is the line of the key that introduced `node`, used for issues about the
  // node as a whole (a missing key inside an object is reported at the object's key).
  void check(const SchemaNode& schema, const YAML::Node& node, const std::string& path,
             int ownerLine) {
    const int line = lineOf(node) > 0 ? lineOf(node) : ownerLine;
    switch (schema.type) {
      case SchemaType::kObject:
        return checkObject(schema, node, path, ownerLine);
      case SchemaType::kArray:
        return checkArray(schema, node, path, line);
      default:
        return checkScalar(schema, node, path, line);
    }
  }

 private:
  void add(const std::string& path, int line, std::string message) {
    issues.push_back(ConfigIssue{path, line, std::move(message), {}});
  }

  void typeMismatch(const SchemaNode& schema, const YAML::Node& node, const std::string& path,
                    int line) {
    const char* expected = schema.type == SchemaType::kEnum ? "string" : typeName(schema.type);
    add(path, line, std::string("expected ") + expected + ", got " + describeActual(node));
  }

  void checkObject(const SchemaNode& schema, const YAML::Node& node, const std::string& path,
                   int ownerLine) {
    // An empty section (`storage:` with nothing under it) means "all defaults".
    if (node.IsNull()) {
      checkRequired(schema, node, path, ownerLine);
      return;
    }
    if (!node.IsMap()) {
      typeMismatch(schema, node, path, lineOf(node) > 0 ? lineOf(node) : ownerLine);
      return;
    }
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const int keyLine = lineOf(it->first) > 0 ? lineOf(it->first) : ownerLine;
      if (!it->first.IsScalar()) {
        add(path, keyLine, "keys must be strings");
        continue;
      }
      const std::string key = it->first.Scalar();
      const std::string childPath = joinPath(path, key);
      // yaml-cpp keeps both entries of a duplicated key; the second would silently win.
      if (!seen.insert(key).second) {
        add(childPath, keyLine, "duplicate key");
        continue;
      }
      if (const SchemaNode* child = schema.field(key)) {
        check(*child, it->second, childPath, keyLine);
      } else if (!schema.additionalProperties) {
        add(childPath, keyLine, "unknown key" + suggestion(schema, key));
      }
    }
    checkRequired(schema, node, path, ownerLine);
  }

  void checkRequired(const SchemaNode& schema, const YAML::Node& node, const std::string& path,
                     int ownerLine) {
    for (const auto& f : schema.fields) {
      if (!f.node.required)
        continue;
      if (!node.IsMap() || !node[f.name]) {
        add(joinPath(path, f.name), ownerLine, "missing required key");
      }
    }
  }

  void checkArray(const SchemaNode& schema, const YAML::Node& node, const std::string& path,
                  int line) {
    if (node.IsNull())
      return;  // `directories:` with nothing under it: an empty list
    if (!node.IsSequence()) {
      typeMismatch(schema, node, path, line);
      return;
    }
    if (schema.items.empty())
      return;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node item = node[i];
      const int itemLine = lineOf(item) > 0 ? lineOf(item) : line;
      check(schema.items.front(), item, path + "[" + std::to_string(i) + "]", itemLine);
    }
  }

  void checkScalar(const SchemaNode& schema, const YAML::Node& node, const std::string& path,
                   int line) {
    if (!node.IsScalar()) {
      typeMismatch(schema, node, path, line);
      return;
    }
    const ScalarKind kind = scalarKind(node);
    const std::string& text = node.Scalar();
    switch (schema.type) {
      case SchemaType::kString:
        // In YAML, plain `host: 10.0.0.1` or `name: 42` are fine as strings; only null is not.
        // A JSON document (a plugin's config) is typed: there a string must be quoted, or the
        // plugin would receive a number where its schema promised a string.
        if (kind == ScalarKind::kNull || (jsonStrings_ && node.Tag() != "!"))
          typeMismatch(schema, node, path, line);
        return;
      case SchemaType::kEnum: {
        if (kind == ScalarKind::kNull)
          return typeMismatch(schema, node, path, line);
        for (const auto& value : schema.enumValues) {
          if (value == text)
            return;
        }
        std::string allowed;
        for (const auto& value : schema.enumValues) {
          allowed += (allowed.empty() ? "" : "|") + value;
        }
        add(path, line, "must be one of " + allowed + ", got '" + text + "'");
        return;
      }
      case SchemaType::kBoolean:
        if (kind != ScalarKind::kBoolean)
          typeMismatch(schema, node, path, line);
        return;
      case SchemaType::kInteger: {
        if (kind != ScalarKind::kInteger) {
          // A plain integer too large for 64 bits reads as a number; say so precisely.
          if (kind == ScalarKind::kNumber && text.find_first_of(".eE") == std::string::npos) {
            add(path, line, "integer out of range: " + text);
          } else {
            typeMismatch(schema, node, path, line);
          }
          return;
        }
        checkBounds(schema, static_cast<double>(*parseInteger(text)), path, line);
        return;
      }
      case SchemaType::kNumber:
        if (kind != ScalarKind::kInteger && kind != ScalarKind::kNumber) {
          typeMismatch(schema, node, path, line);
          return;
        }
        checkBounds(schema, *parseNumber(text), path, line);
        return;
      default:
        return;
    }
  }

  void checkBounds(const SchemaNode& schema, double value, const std::string& path, int line) {
    if (schema.minimum && value < *schema.minimum) {
      add(path, line, "must be ≥ " + formatBound(*schema.minimum));
    } else if (schema.maximum && value > *schema.maximum) {
      add(path, line, "must be ≤ " + formatBound(*schema.maximum));
    }
  }

  static std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
      row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t above = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diagonal = above;
      }
    }
    return row[b.size()];
  }

  // Typos are the most common config mistake; naming the likely key saves a docs lookup.
  static std::string suggestion(const SchemaNode& schema, const std::string& key) {
    const SchemaField* best = nullptr;
    std::size_t bestDistance = 3;
    for (const auto& f : schema.fields) {
      const std::size_t d = editDistance(key, f.name);
      if (d < bestDistance) {
        bestDistance = d;
        best = &f;
      }
    }
    return best != nullptr ? " (did you mean '" + best->name + "'?)" : "";
  }

  bool jsonStrings_;
};

YAML::Node defaultsFor(const SchemaNode& schema, const YAML::Node& node) {
  if (schema.type == SchemaType::kObject) {
    YAML::Node result = node && node.IsMap() ? YAML::Clone(node) : YAML::Node(YAML::NodeType::Map);
    for (const auto& f : schema.fields) {
      const YAML::Node present = result[f.name];
      if (present && !present.IsNull()) {
        result[f.name] = defaultsFor(f.node, present);
      } else if (f.node.defaultValue) {
        result[f.name] = YAML::Load(*f.node.defaultValue);
      } else if (f.node.type == SchemaType::kObject && !f.node.fields.empty()) {
        result[f.name] = defaultsFor(f.node, YAML::Node());
      }
    }
    return result;
  }
  if (schema.type == SchemaType::kArray && node && node.IsSequence() && !schema.items.empty()) {
    YAML::Node result(YAML::NodeType::Sequence);
    for (std::size_t i = 0; i < node.size(); ++i) {
      result.push_back(defaultsFor(schema.items.front(), node[i]));
    }
    return result;
  }
  return node;
}

}  // namespace

const SchemaNode* SchemaNode::field(const std::string& name) const {
  for (const auto& f : fields) {
    if (f.name == name)
      return &f.node;
  }
  return nullptr;
}

SchemaNode objectNode(std::string description, std::vector<SchemaField> fields) {
  SchemaNode node = makeNode(SchemaType::kObject, std::move(description));
  node.fields = std::move(fields);
  return node;
}

SchemaNode freeFormNode(std::string description) {
  SchemaNode node = makeNode(SchemaType::kObject, std::move(description));
  node.additionalProperties = true;
  return node;
}

SchemaNode stringNode(std::string description) {
  return makeNode(SchemaType::kString, std::move(description));
}
SchemaNode integerNode(std::string description) {
  return makeNode(SchemaType::kInteger, std::move(description));
}
SchemaNode numberNode(std::string description) {
  return makeNode(SchemaType::kNumber, std::move(description));
}
SchemaNode booleanNode(std::string description) {
  return makeNode(SchemaType::kBoolean, std::move(description));
}

SchemaNode enumNode(std::string description, std::vector<std::string> values) {
  SchemaNode node = makeNode(SchemaType::kEnum, std::move(description));
  node.enumValues = std::move(values);
  return node;
}

SchemaNode arrayNode(std::string description, SchemaNode items) {
  SchemaNode node = makeNode(SchemaType::kArray, std::move(description));
  node.items.push_back(std::move(items));
  return node;
}

const char* typeName(SchemaType type) {
  switch (type) {
    case SchemaType::kObject:
      return "object";
    case SchemaType::kString:
      return "string";
    case SchemaType::kInteger:
      return "integer";
    case SchemaType::kNumber:
      return "number";
    case SchemaType::kBoolean:
      return "boolean";
    case SchemaType::kArray:
      return "array";
    case SchemaType::kEnum:
      return "enum";
  }
  return "value";
}

std::vector<ConfigIssue> validate(const SchemaNode& schema, const YAML::Node& document,
                                  bool jsonStrings) {
  Validator validator(jsonStrings);
  validator.check(schema, document, "", lineOf(document) > 0 ? lineOf(document) : 1);
  return std::move(validator.issues);
}

YAML::Node applyDefaults(const SchemaNode& schema, const YAML::Node& document) {
  return defaultsFor(schema, document);
}

}  // namespace streamit::config
