#include "config/schema_docs.h"

#include <cmath>

namespace streamit::config {
namespace {

std::string formatNumber(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e18) {
    return std::to_string(static_cast<long long>(value));
  }
  return std::to_string(value);
}

// Pipes would split a Markdown table cell.
std::string escapeCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += '\\';
    out += c;
  }
  return out;
}

std::string typeCell(const SchemaNode& node) {
  std::string text;
  switch (node.type) {
    case SchemaType::kEnum: {
      text = "one of ";
      for (std::size_t i = 0; i < node.enumValues.size(); ++i) {
        text += (i > 0 ? ", " : "") + ("`" + node.enumValues[i] + "`");
      }
      break;
    }
    case SchemaType::kArray:
      text =
          "array of " + std::string(node.items.empty() ? "values" : typeCell(node.items.front()));
      break;
    case SchemaType::kObject:
      text = node.isFreeForm() ? "object (free-form)" : "object";
      break;
    default:
      text = typeName(node.type);
      break;
  }
  if (node.minimum && node.maximum) {
    text += " " + formatNumber(*node.minimum) + "–" + formatNumber(*node.maximum);
  } else if (node.minimum) {
    text += " ≥ " + formatNumber(*node.minimum);
  } else if (node.maximum) {
    text += " ≤ " + formatNumber(*node.maximum);
  }
  if (node.secret)
    text += ", secret";
  if (node.required)
    text += ", required";
  return text;
}

}  // namespace

std::string renderKeyTable(const SchemaNode& schema) {
  std::string table = "| Key | Type | Default | Description |\n|---|---|---|---|\n";
  forEachSchemaNode(schema, "", [&table](const std::string& path, const SchemaNode& node) {
    // Items of a list of strings add nothing beyond the list's own row.
    if (path.size() > 2 && path.compare(path.size() - 2, 2, "[]") == 0 &&
        node.type != SchemaType::kObject) {
      return;
    }
    const std::string defaultCell =
        node.defaultValue ? "`" + escapeCell(*node.defaultValue) + "`" : "";
    table += "| `" + path + "` | " + escapeCell(typeCell(node)) + " | " + defaultCell + " | " +
             escapeCell(node.description) + " |\n";
  });
  return table;
}

}  // namespace streamit::config
