#include "config/loader.h"

#include <cerrno>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "config/convert.h"
#include "config/kernel_schema.h"
#include "config/overrides.h"
#include "config/schema.h"
#include "config/secrets.h"
#include "config/substitution.h"

namespace streamit::config {
namespace {

constexpr int kExitInvalidConfig = 2;

bool startsWithPath(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size(), prefix) != 0)
    return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

// Issues about a value that came from the environment should name the variable, not a line.
void attributeOverrides(std::vector<ConfigIssue>& issues,
                        const std::map<std::string, std::string>& overrides) {
  for (auto& issue : issues) {
    for (const auto& [path, variable] : overrides) {
      if (issue.source.empty() && startsWithPath(issue.path, path)) {
        issue.source = "environment variable " + variable;
        issue.line = 0;
      }
    }
  }
}

YAML::Node parse(const std::string& yamlText, const std::string& sourceName) {
  try {
    return YAML::Load(yamlText);
  } catch (const YAML::Exception& e) {
    throw ConfigError(
        sourceName,
        {ConfigIssue{
            "", e.mark.is_null() ? 0 : e.mark.line + 1, "YAML syntax error: " + e.msg, {}}});
  }
}

}  // namespace

KernelConfig loadConfigText(const std::string& yamlText, const std::string& sourceName,
                            const std::filesystem::path& baseDir, const Environment& env) {
  YAML::Node root = parse(yamlText, sourceName);
  // An empty file means "all defaults"; give the later steps a mapping to work on.
  if (!root || root.IsNull())
    root = YAML::Node(YAML::NodeType::Map);
  const SchemaNode& schema = kernelSchema();

  std::vector<ConfigIssue> issues;
  if (root.IsMap()) {
    substituteTree(root, env, issues);
    const auto overrides = applyOverrides(root, schema, env, issues);
    resolveSecretFiles(root, schema, baseDir, issues);
    std::vector<ConfigIssue> invalid = validate(schema, root);
    if (invalid.empty() && issues.empty())
      checkKernelRules(root, invalid);
    attributeOverrides(invalid, overrides);
    // A key whose substitution or secret file already failed would only be reported again,
    // less clearly ("expected integer, got string '${PORT}'"); keep the first issue.
    const std::size_t earlier = issues.size();
    for (auto& issue : invalid) {
      bool known = false;
      for (std::size_t i = 0; i < earlier; ++i)
        known = known || issues[i].path == issue.path;
      if (!known)
        issues.push_back(std::move(issue));
    }
  } else {
    issues = validate(schema, root);  // reports "expected object" at the top
  }
  if (!issues.empty())
    throw ConfigError(sourceName, std::move(issues));

  registerSecrets(root, schema);
  return toKernelConfig(root, baseDir);
}

KernelConfig loadConfig(const std::string& path, const Environment& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(
        path, {ConfigIssue{"", 0, "cannot read: " + std::generic_category().message(errno), {}}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::filesystem::path baseDir =
      std::filesystem::absolute(std::filesystem::path(path)).parent_path();
  return loadConfigText(text.str(), path, baseDir, env);
}

int checkConfigFile(const std::string& path, std::ostream& out, std::ostream& err) {
  try {
    loadConfig(path, ProcessEnvironment());
  } catch (const ConfigError& e) {
    for (const auto& issue : e.issues())
      err << formatIssue(issue, e.fileName()) << '\n';
    return kExitInvalidConfig;
  }
  out << "OK: " << path << '\n';
  return 0;
}

}  // namespace streamit::config
