#include "storage/migrator.h"

#include <Poco/Data/Session.h>

#include <algorithm>
#include <chrono>

#include "log/logger.h"
#include "storage/database_error.h"
#include "storage/sql_text.h"

namespace streamit::storage {
namespace {

using namespace Poco::Data::Keywords;

const log::Logger& logger() {
  static const log::Logger instance("storage.migrator");
  return instance;
}

// pg_advisory_xact_lock key: the bytes of "streamit". Held until the transaction ends.
constexpr const char* kPgLock =
    "SELECT 1 FROM (SELECT pg_advisory_xact_lock(8319400191411972468)) AS migration_lock";

constexpr const char* kBootstrap =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)";

Poco::Int64 nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string label(const Migration& m) {
  std::string number = std::to_string(m.version);
  if (number.size() < 4)
    number.insert(0, 4 - number.size(), '0');
  return number + "_" + m.name;
}

}  // namespace

Migrator::Migrator(Database& db) : Migrator(db, embeddedMigrations(db.dialect())) {}

Migrator::Migrator(Database& db, std::vector<Migration> migrations)
    : db_(db), migrations_(std::move(migrations)) {
  std::sort(migrations_.begin(), migrations_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

int Migrator::latestVersion() const {
  return migrations_.empty() ? 0 : migrations_.back().version;
}

std::vector<int> Migrator::appliedVersions() {
  std::vector<int> versions;
  db_.withSession([&](Poco::Data::Session& session) {
    Poco::Int64 tables = 0;
    if (db_.dialect() == Dialect::kPostgres) {
      session << "SELECT COUNT(*) FROM information_schema.tables "
                 "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
          into(tables), now;
    } else {
      session << "SELECT COUNT(*) FROM sqlite_master "
                 "WHERE type = 'table' AND name = 'schema_migrations'",
          into(tables), now;
    }
    if (tables == 0)
      return;
    session << "SELECT version FROM schema_migrations ORDER BY version", into(versions), now;
  });
  return versions;
}

int Migrator::currentVersion() {
  const auto versions = appliedVersions();
  return versions.empty() ? 0 : versions.back();
}

std::vector<Migration> Migrator::pending() {
  const auto applied = appliedVersions();
  std::vector<Migration> out;
  for (const auto& m : migrations_) {
    if (!std::binary_search(applied.begin(), applied.end(), m.version))
      out.push_back(m);
  }
  return out;
}

void Migrator::refuseNewer(int current) const {
  if (current > latestVersion()) {
    throw SchemaVersionError("database schema version " + std::to_string(current) +
                             " is newer than this binary's " + std::to_string(latestVersion()) +
                             "; upgrade streamit");
  }
}

void Migrator::lockAndBootstrap(Poco::Data::Session& session) {
  if (db_.dialect() == Dialect::kPostgres) {
    int locked = 0;
    session << kPgLock, into(locked), now;
    // libpq prints the server's NOTICE "relation already exists, skipping" to stderr.
    session << "SET LOCAL client_min_messages = warning", now;
  }
  session << kBootstrap, now;
}

int Migrator::migrate() {
  db_.withTransaction([&](Poco::Data::Session& session) { lockAndBootstrap(session); });
  refuseNewer(currentVersion());
  int applied = 0;
  for (const auto& migration : migrations_) {
    bool ran = false;
    db_.withTransaction([&](Poco::Data::Session& session) {
      lockAndBootstrap(session);
      // Re-checked under the lock: another instance may have applied it meanwhile.
      int already = 0;
      int version = migration.version;
      session << db_.sql("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"), into(already),
          use(version), now;
      if (already > 0)
        return;
      for (const auto& statement : splitSqlStatements(migration.sql)) {
        session << statement, now;
      }
      std::string name = migration.name;
      Poco::Int64 at = nowMs();
      session << db_.sql(
          "INSERT INTO schema_migrations (version, name, applied_at_ms) "
          "VALUES (?, ?, ?)"),
          use(version), use(name), use(at), now;
      ran = true;
    });
    if (ran) {
      ++applied;
      logger().info("migration applied",
                    {{"migration", label(migration)}, {"backend", db_.backendName()}});
    }
  }
  return applied;
}

void Migrator::checkAtStartup(bool applyPending) {
  const int current = currentVersion();
  refuseNewer(current);
  const auto todo = pending();
  if (todo.empty()) {
    logger().info("database schema up to date", {{"version", std::to_string(current)}});
    return;
  }
  if (!applyPending) {
    std::string names;
    for (const auto& m : todo)
      names += (names.empty() ? "" : ", ") + label(m);
    throw SchemaVersionError("database schema version " + std::to_string(current) +
                             " is behind this binary's " + std::to_string(latestVersion()) +
                             ": pending migrations " + names +
                             "; run `streamit migrate` or set storage.migrate_on_start: true");
  }
  migrate();
}

}  // namespace streamit::storage
