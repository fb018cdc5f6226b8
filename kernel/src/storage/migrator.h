#pragma once

#include <vector>

#include "storage/database.h"
#include "storage/migration.h"

namespace streamit::storage {

// Brings a database to this binary's schema. Applied versions are recorded in
// schema_migrations(version, name, applied_at_ms), which the migrator creates itself.
// Each migration runs in its own transaction together with its schema_migrations row, so a
// failed migration leaves nothing half-applied and re-running is safe. Concurrent migrators
// (several instances starting at once) are serialized: pg_advisory_xact_lock on PostgreSQL,
// BEGIN IMMEDIATE on SQLite. Not thread-safe itself; it is a start-up tool.
class Migrator {
 public:
  explicit Migrator(Database& db);  // the migrations embedded in this binary
  Migrator(Database& db, std::vector<Migration> migrations);

  int latestVersion() const;
  // Highest applied version; 0 for an empty database.
  int currentVersion();
  // Known migrations not yet applied, in version order.
  std::vector<Migration> pending();
  // Applies every pending migration; returns how many this call applied. Throws
  // SchemaVersionError when the database is newer than this binary.
  int migrate();
  // Start-up gate. Throws SchemaVersionError when the schema is newer than the binary, or when
  // migrations are pending and `applyPending` is false; otherwise applies them.
  void checkAtStartup(bool applyPending);

 private:
  std::vector<int> appliedVersions();
  void lockAndBootstrap(Poco::Data::Session& session);
  void refuseNewer(int current) const;

  Database& db_;
  std::vector<Migration> migrations_;
};

}  // namespace streamit::storage
