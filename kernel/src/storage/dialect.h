#pragma once

#include <string_view>

namespace streamit::storage {

// The SQL dialects we write migrations and queries for.
enum class Dialect { kSqlite, kPostgres };

// "sqlite" | "postgres": the migrations sub-directory and the metrics `backend` label.
constexpr std::string_view dialectName(Dialect dialect) {
  return dialect == Dialect::kPostgres ? "postgres" : "sqlite";
}

}  // namespace streamit::storage
