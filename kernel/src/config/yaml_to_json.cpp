#include "config/yaml_to_json.h"

#include <charconv>

#include "config/yaml_scalar.h"
#include "util/json_escape.h"

namespace streamit::config {
namespace {

void append(std::string& out, const YAML::Node& node) {
  if (!node || node.IsNull()) {
    out += "null";
    return;
  }
  if (node.IsMap()) {
    out += '{';
    bool first = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!first)
        out += ',';
      first = false;
      out += util::jsonQuote(it->first.Scalar());
      out += ':';
      append(out, it->second);
    }
    out += '}';
    return;
  }
  if (node.IsSequence()) {
    out += '[';
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (i > 0)
        out += ',';
      append(out, node[i]);
    }
    out += ']';
    return;
  }
  const std::string& text = node.Scalar();
  switch (scalarKind(node)) {
    case ScalarKind::kNull:
      out += "null";
      return;
    case ScalarKind::kBoolean:
      out += *parseBoolean(text) ? "true" : "false";
      return;
    case ScalarKind::kInteger:
      out += std::to_string(*parseInteger(text));
      return;
    case ScalarKind::kNumber: {
      // YAML allows ".5" and "+1e3", JSON does not; print the value in canonical form.
      char buffer[64];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, *parseNumber(text));
      out.append(buffer, result.ptr);
      return;
    }
    case ScalarKind::kString:
      out += util::jsonQuote(text);
      return;
  }
}

}  // namespace

std::string yamlToJson(const YAML::Node& node) {
  std::string out;
  append(out, node);
  return out;
}

}  // namespace streamit::config
