#pragma once

#include <memory>
#include <string>

#include "storage/database.h"
#include "storage/storage_config.h"

namespace streamit::metrics {
class Registry;
}

namespace streamit::storage {

// Builds the configured backend. Does not connect (so a down PostgreSQL does not prevent
// construction; the first call reports DatabaseUnavailable); creates the SQLite file's
// directory. A relative sqlite.path resolves against `dataDir`. `registry` must outlive the
// returned database. Throws std::invalid_argument for unusable settings.
std::unique_ptr<Database> openDatabase(const StorageConfig& config, const std::string& dataDir,
                                       metrics::Registry& registry);

}  // namespace streamit::storage
