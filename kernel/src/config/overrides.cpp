#include "config/overrides.h"

#include <cctype>

namespace streamit::config {
namespace {

constexpr std::string_view kPrefix = "STREAMIT_";
constexpr std::string_view kSeparator = "__";
constexpr std::string_view kFileSuffix = "_file";

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> splitLevels(std::string_view rest) {
  std::vector<std::string> parts;
  for (;;) {
    const std::size_t pos = rest.find(kSeparator);
    parts.push_back(lower(rest.substr(0, pos)));
    if (pos == std::string_view::npos)
      return parts;
    rest.remove_prefix(pos + kSeparator.size());
  }
}

bool endsWith(const std::string& text, std::string_view suffix) {
  return text.size() > suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Resolves the key chain against the schema; returns the target node or nullptr with `error`.
// `isSecretFile` is set when the last key is `<secret>_file`.
const SchemaNode* resolve(const SchemaNode& schema, const std::vector<std::string>& keys,
                          bool& isSecretFile, std::string& error) {
  const SchemaNode* current = &schema;
  std::string path;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    path += (path.empty() ? "" : ".") + keys[i];
    if (current->type != SchemaType::kObject || current->isFreeForm()) {
      error = "cannot override inside " + (path.empty() ? std::string("<root>") : path);
      return nullptr;
    }
    const SchemaNode* next = current->field(keys[i]);
    if (next == nullptr && i + 1 == keys.size() && endsWith(keys[i], kFileSuffix)) {
      const SchemaNode* base =
          current->field(keys[i].substr(0, keys[i].size() - kFileSuffix.size()));
      if (base != nullptr && base->secret) {
        isSecretFile = true;
        return base;
      }
    }
    if (next == nullptr) {
      error = "unknown key";
      return nullptr;
    }
    current = next;
  }
  if (current->type == SchemaType::kObject) {
    error = "is a section; override its keys one by one";
    return nullptr;
  }
  if (current->type == SchemaType::kArray && !current->items.empty() &&
      current->items.front().type == SchemaType::kObject) {
    error = "a list of objects cannot be set from the environment";
    return nullptr;
  }
  return current;
}

bool isOverrideName(const std::string& name, const SchemaNode& schema) {
  if (name.size() <= kPrefix.size() || name.compare(0, kPrefix.size(), kPrefix) != 0) {
    return false;
  }
  const std::string_view rest = std::string_view(name).substr(kPrefix.size());
  if (rest.find(kSeparator) != std::string_view::npos)
    return true;
  return schema.field(lower(rest)) != nullptr;
}

}  // namespace

std::string overrideVariableFor(const std::string& path) {
  std::string name(kPrefix);
  for (char c : path) {
    if (c == '.') {
      name += kSeparator;
    } else {
      name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return name;
}

std::map<std::string, std::string> applyOverrides(YAML::Node& root, const SchemaNode& schema,
                                                  const Environment& env,
                                                  std::vector<ConfigIssue>& issues) {
  std::map<std::string, std::string> applied;
  for (const auto& [name, value] : env.all()) {
    if (!isOverrideName(name, schema))
      continue;
    const std::vector<std::string> keys =
        splitLevels(std::string_view(name).substr(kPrefix.size()));
    std::string path;
    for (const auto& key : keys)
      path += (path.empty() ? "" : ".") + key;
    const std::string source = "environment variable " + name;

    bool isSecretFile = false;
    std::string error;
    const SchemaNode* target = resolve(schema, keys, isSecretFile, error);
    if (target == nullptr) {
      issues.push_back(ConfigIssue{path, 0, error, source});
      continue;
    }

    YAML::Node valueNode;
    if (target->type == SchemaType::kArray && !isSecretFile) {
      try {
        valueNode = YAML::Load(value);
      } catch (const YAML::Exception& e) {
        issues.push_back(ConfigIssue{path, 0, "expected a list like [a, b]: " + e.msg, source});
        continue;
      }
    } else {
      valueNode = YAML::Node(value);
    }

    // Walk (creating empty sections) to the parent object of the last key.
    YAML::Node current(root);
    bool blocked = false;
    for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
      YAML::Node next = current[keys[i]];
      if (!next || next.IsNull()) {
        current[keys[i]] = YAML::Node(YAML::NodeType::Map);
        next.reset(current[keys[i]]);
      } else if (!next.IsMap()) {
        blocked = true;  // the file has a wrong type here; validation reports it
        break;
      }
      current.reset(next);
    }
    if (blocked)
      continue;
    const std::string& last = keys.back();
    const std::string counterpart =
        isSecretFile ? last.substr(0, last.size() - kFileSuffix.size()) : last + "_file";
    if (target->secret || isSecretFile)
      current.remove(counterpart);
    current[last] = valueNode;
    applied[path] = name;
  }
  return applied;
}

}  // namespace streamit::config
