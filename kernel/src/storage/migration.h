#pragma once

#include <string>
#include <vector>

#include "storage/dialect.h"

namespace streamit::storage {

// One schema step: kernel/migrations/<dialect>/NNNN_name.sql.
struct Migration {
  int version = 0;
  std::string name;
  std::string sql;  // may hold several statements separated by `;`
};

// The migrations compiled into this binary (generated at build time from
// kernel/migrations/, so an installed binary needs no source tree), sorted by version.
// Both dialects carry the same version numbers; the build fails otherwise.
const std::vector<Migration>& embeddedMigrations(Dialect dialect);

}  // namespace streamit::storage
