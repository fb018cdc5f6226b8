#include "config/substitution.h"

#include "config/yaml_scalar.h"

namespace streamit::config {
namespace {

bool validVariableName(std::string_view name) {
  if (name.empty())
    return false;
  for (char c : name) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok)
      return false;
  }
  return !(name.front() >= '0' && name.front() <= '9');
}

void walk(YAML::Node node, const std::string& path, const Environment& env,
          std::vector<ConfigIssue>& issues) {
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      walk(it->second, path.empty() ? key : path + "." + key, env, issues);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      walk(node[i], path + "[" + std::to_string(i) + "]", env, issues);
    }
  } else if (node.IsScalar() && node.Scalar().find('$') != std::string::npos) {
    std::string expanded;
    std::string error;
    if (!substituteVariables(node.Scalar(), env, expanded, error)) {
      issues.push_back(ConfigIssue{path, lineOf(node), error, {}});
      return;
    }
    if (expanded != node.Scalar()) {
      node = expanded;  // keeps the node's mark, so later issues still point at this line
      node.SetTag("?");
    }
  }
}

}  // namespace

bool substituteVariables(std::string_view text, const Environment& env, std::string& out,
                         std::string& error) {
  out.clear();
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      error = "unterminated '${' in value";
      return false;
    }
    const std::string_view body = text.substr(i + 2, close - i - 2);
    const std::size_t sep = body.find(":-");
    const std::string_view name = body.substr(0, sep);
    if (!validVariableName(name)) {
      error = "invalid variable reference '${" + std::string(body) + "}'";
      return false;
    }
    const auto value = env.get(std::string(name));
    if (sep != std::string_view::npos) {
      out += value && !value->empty() ? *value : std::string(body.substr(sep + 2));
    } else if (value) {
      out += *value;
    } else {
      error = "environment variable " + std::string(name) + " is not set (write ${" +
              std::string(name) + ":-default} to allow that)";
      return false;
    }
    i = close + 1;
  }
  return true;
}

void substituteTree(YAML::Node& root, const Environment& env, std::vector<ConfigIssue>& issues) {
  walk(root, "", env, issues);
}

}  // namespace streamit::config
