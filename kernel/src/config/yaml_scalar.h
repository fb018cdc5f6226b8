#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

namespace streamit::config {

// What a YAML scalar is under JSON typing rules. Quoted scalars are always strings; plain
// scalars are typed by their text, so `8080` is an integer and `"8080"` a string.
enum class ScalarKind { kNull, kBoolean, kInteger, kNumber, kString };

ScalarKind scalarKind(const YAML::Node& node);
bool isQuoted(const YAML::Node& node);
std::optional<std::int64_t> parseInteger(const std::string& text);
std::optional<double> parseNumber(const std::string& text);
std::optional<bool> parseBoolean(const std::string& text);
const char* scalarKindName(ScalarKind kind);

// 1-based line of the node in its source, 0 when it was built in memory.
int lineOf(const YAML::Node& node);

}  // namespace streamit::config
