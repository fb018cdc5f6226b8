#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace streamit::config {

// Serialises a YAML tree as compact JSON, typing plain scalars the way the validator does
// (yaml_scalar.h): `8080` becomes a number, `"8080"` and `abc` strings, `~` null.
std::string yamlToJson(const YAML::Node& node);

}  // namespace streamit::config
