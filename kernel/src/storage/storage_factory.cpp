#include "storage/storage_factory.h"

#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"

namespace streamit::storage {

std::unique_ptr<Database> openDatabase(const StorageConfig& config, const std::string& dataDir,
                                       metrics::Registry& registry) {
  if (config.backend == StorageConfig::Backend::kPostgres) {
    return std::make_unique<PostgresDatabase>(config.postgres, config.pool_size, registry);
  }
  SqliteDatabase::Settings settings;
  settings.path = resolveSqlitePath(config.sqlite.path, dataDir);
  settings.busyTimeoutMs = config.sqlite.busy_timeout_ms;
  settings.poolSize = config.pool_size;
  return std::make_unique<SqliteDatabase>(std::move(settings), registry);
}

}  // namespace streamit::storage
