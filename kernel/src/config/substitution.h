#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/environment.h"

namespace streamit::config {

// Expands `${VAR}` and `${VAR:-default}` (default used when VAR is unset or empty) in one
// scalar; `$${` yields a literal `${`. Returns false with `error` set when a variable without
// default is unset or the syntax is broken. Pure apart from reading `env`.
bool substituteVariables(std::string_view text, const Environment& env, std::string& out,
                         std::string& error);

// Applies substituteVariables() to every scalar value (never keys) of `root` in place.
// A scalar that contained a substitution is re-typed from its new text, so
// `port: "${PG_PORT}"` validates as an integer. Issues carry the key path and line.
void substituteTree(YAML::Node& root, const Environment& env, std::vector<ConfigIssue>& issues);

}  // namespace streamit::config
