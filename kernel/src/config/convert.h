#pragma once

#include <filesystem>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/kernel_config.h"

namespace streamit::config {

// Rules that span several keys and so cannot live in the per-key schema (e.g. the postgres
// password is required only when storage.backend is postgres). Runs on a document that
// passed schema validation; appends issues with paths and lines.
void checkKernelRules(const YAML::Node& root, std::vector<ConfigIssue>& issues);

// Builds KernelConfig from a validated document; absent keys keep the struct defaults.
// Relative plugin directories resolve against `configDir`; data_dir is kept as written.
KernelConfig toKernelConfig(const YAML::Node& root, const std::filesystem::path& configDir);

}  // namespace streamit::config
