#pragma once

#include <string>
#include <vector>

namespace streamit::plugins {

// One entry of the `plugins.instances:` list.
struct PluginInstanceConfig {
  std::string id;         // "<kind>.<name>"; must equal the id in the library's descriptor
  std::string library;    // file name, resolved inside one of `plugins.directories`
  bool required = false;  // a required plugin that fails to load stops start-up
  // The instance's own `config:` block, re-serialised as JSON. It is validated against the
  // schema the plugin declares in its descriptor before the plugin's `create` runs.
  std::string config_json = "{}";
  int config_line = 0;  // line of the `config:` block in the YAML file, for error messages
};

// The `plugins:` section.
struct PluginsConfig {
  std::vector<std::string> directories;  // absolute, or relative to the config file's dir
  std::vector<PluginInstanceConfig> instances;
};

}  // namespace streamit::plugins
