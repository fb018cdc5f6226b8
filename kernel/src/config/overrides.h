#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/environment.h"
#include "config/schema.h"

namespace streamit::config {

// Environment overrides: STREAMIT_<SECTION>__<KEY>=value sets `section.key` (a double
// underscore separates levels, names are upper-cased keys), e.g. STREAMIT_STORAGE__POSTGRES__PORT.
// STREAMIT_<TOPKEY> sets a top-level key (STREAMIT_DATA_DIR). Other STREAMIT_* variables
// without "__" (STREAMIT_CONFIG, STREAMIT_TEST_*) are not overrides and are ignored.
// `<secret>_file` keys may be overridden too; setting one of the pair drops the other from
// the file, because the environment is the higher-precedence layer.
// Values are stored as untyped text and typed by the schema during validation; arrays take
// YAML flow syntax ("[a, b]"). An override naming an unknown key is an issue.
// Returns dotted path → variable name for each applied override, so the loader can say
// that a later validation issue came from the environment.
std::map<std::string, std::string> applyOverrides(YAML::Node& root, const SchemaNode& schema,
                                                  const Environment& env,
                                                  std::vector<ConfigIssue>& issues);

// The variable that would override `path` ("storage.postgres.port" →
// "STREAMIT_STORAGE__POSTGRES__PORT"); used by docs and messages.
std::string overrideVariableFor(const std::string& path);

}  // namespace streamit::config
