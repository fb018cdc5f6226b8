#include "config/yaml_scalar.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace streamit::config {

bool isQuoted(const YAML::Node& node) {
  // yaml-cpp tags plain scalars "?" and quoted (or block) ones "!"; values we build in memory
  // have an empty tag and are typed by their text, like plain ones.
  return node.Tag() == "!";
}

std::optional<std::int64_t> parseInteger(const std::string& text) {
  std::string_view view(text);
  if (!view.empty() && view.front() == '+')
    view.remove_prefix(1);
  if (view.empty())
    return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec != std::errc() || end != view.data() + view.size())
    return std::nullopt;
  return value;
}

std::optional<double> parseNumber(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  // strtod accepts "inf", "nan" and hex, which JSON does not; require a JSON-ish shape.
  for (char c : text) {
    const bool ok =
        (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    if (!ok)
      return std::nullopt;
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<bool> parseBoolean(const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE")
    return true;
  if (text == "false" || text == "False" || text == "FALSE")
    return false;
  return std::nullopt;
}

ScalarKind scalarKind(const YAML::Node& node) {
  if (node.IsNull())
    return ScalarKind::kNull;
  if (isQuoted(node))
    return ScalarKind::kString;
  const std::string& text = node.Scalar();
  if (parseBoolean(text))
    return ScalarKind::kBoolean;
  if (parseInteger(text))
    return ScalarKind::kInteger;
  if (parseNumber(text))
    return ScalarKind::kNumber;
  return ScalarKind::kString;
}

const char* scalarKindName(ScalarKind kind) {
  switch (kind) {
    case ScalarKind::kNull:
      return "null";
    case ScalarKind::kBoolean:
      return "boolean";
    case ScalarKind::kInteger:
      return "integer";
    case ScalarKind::kNumber:
      return "number";
    case ScalarKind::kString:
      return "string";
  }
  return "value";
}

int lineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

}  // namespace streamit::config
