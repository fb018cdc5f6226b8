#pragma once

#include <string>

#include "config/schema.h"

namespace streamit::config {

// A Markdown table with one row per key of `schema`: key path, type (with bounds, enum
// values, "secret", "required"), default, description. docs/configuration.md embeds the
// table for the kernel schema and a test keeps it identical, so the docs cannot drift.
std::string renderKeyTable(const SchemaNode& schema);

}  // namespace streamit::config
