#pragma once

#include <filesystem>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/schema.h"

namespace streamit::config {

// For every field the schema marks secret (say `password`), accepts `password_file: PATH`
// instead: the file's content, trailing newlines trimmed, becomes `password` and the
// `_file` key is removed, so validation sees only declared keys. Relative paths resolve
// against `baseDir` (the config file's directory). Giving both keys, or a file that cannot
// be read, is an issue. Runs before validation; walks nested objects and arrays of objects.
void resolveSecretFiles(YAML::Node& root, const SchemaNode& schema,
                        const std::filesystem::path& baseDir, std::vector<ConfigIssue>& issues);

// Registers every non-empty secret value of a validated document with log::registerSecret,
// so it is masked in all log lines from now on.
void registerSecrets(const YAML::Node& root, const SchemaNode& schema);

}  // namespace streamit::config
