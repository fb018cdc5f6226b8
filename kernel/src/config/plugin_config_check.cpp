#include "config/plugin_config_check.h"

#include <yaml-cpp/yaml.h>

#include "config/json_schema.h"
#include "config/secrets.h"

namespace streamit::config {

std::vector<std::string> checkPluginConfig(std::string_view schemaJson,
                                           std::string_view configJson) {
  SchemaNode schema;
  try {
    schema = parseJsonSchema(std::string(schemaJson));
  } catch (const std::exception& e) {
    return {std::string("the plugin declares an unusable config schema: ") + e.what()};
  }
  std::vector<std::string> problems;
  for (const auto& issue : validateJsonText(schema, std::string(configJson))) {
    problems.push_back((issue.path.empty() ? std::string("config") : issue.path) + ": " +
                       issue.message);
  }
  // Values the plugin marks `"secret": true` (API keys, tokens) are masked in every log line
  // from now on, like the kernel's own secrets.
  if (problems.empty())
    registerSecrets(YAML::Load(std::string(configJson)), schema);
  return problems;
}

}  // namespace streamit::config
