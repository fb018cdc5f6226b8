#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "config/config_error.h"
#include "config/environment.h"
#include "config/kernel_config.h"

namespace streamit::config {

// Loads and validates the kernel config file. Steps, in order: parse YAML, `${VAR}`
// substitution, STREAMIT_* environment overrides, `*_file` secrets, schema validation,
// cross-key rules, conversion. Every secret value is registered with the log redactor.
// Throws ConfigError carrying every issue found (what(): "file:line: key.path: message").
KernelConfig loadConfig(const std::string& path, const Environment& env = ProcessEnvironment());

// The same from YAML text already in memory (e.g. an embedded default). `sourceName` is
// used in messages; `baseDir` anchors relative plugin directories and secret files.
KernelConfig loadConfigText(const std::string& yamlText, const std::string& sourceName,
                            const std::filesystem::path& baseDir, const Environment& env);

// `streamit config check FILE`: prints "OK: <path>" to `out` and returns 0, or prints each
// issue on its own line to `err` and returns 2. Uses the process environment.
int checkConfigFile(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace streamit::config
