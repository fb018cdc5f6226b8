#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "metrics/registry.h"
#include "storage/database_error.h"
#include "storage/sqlite_database.h"
#include "storage/storage_factory.h"
#include "support/process.h"

namespace streamit::storage {
namespace {

using namespace Poco::Data::Keywords;

TEST(SqliteDatabase, RelativePathLandsUnderDataDirWhichIsCreated) {
  testing::TempDir dir("streamit-sqlite");
  const auto dataDir = dir.path() / "var" / "data";
  StorageConfig config;
  config.sqlite.path = "nested/deeper/app.db";
  metrics::Registry registry;
  auto db = openDatabase(config, dataDir.string(), registry);
  ASSERT_EQ(db->dialect(), Dialect::kSqlite);
  EXPECT_TRUE(std::filesystem::is_directory(dataDir / "nested" / "deeper"));
  db->withSession([](Poco::Data::Session& s) { s << "CREATE TABLE t (x INTEGER)", now; });
  EXPECT_TRUE(std::filesystem::exists(dataDir / "nested" / "deeper" / "app.db"));
}

TEST(SqliteDatabase, SessionsUseWalBusyTimeoutAndForeignKeys) {
  testing::TempDir dir("streamit-sqlite");
  metrics::Registry registry;
  SqliteDatabase db({dir.path() / "x.db", 1234, 2}, registry);
  std::string journal;
  int busy = 0, foreignKeys = 0;
  db.withSession([&](Poco::Data::Session& s) {
    s << "PRAGMA journal_mode", into(journal), now;
    s << "PRAGMA busy_timeout", into(busy), now;
    s << "PRAGMA foreign_keys", into(foreignKeys), now;
  });
  EXPECT_EQ(journal, "wal");
  EXPECT_EQ(busy, 1234);
  EXPECT_EQ(foreignKeys, 1);
}

TEST(SqliteDatabase, ForeignKeyViolationIsQueryErrorAndSessionSurvives) {
  testing::TempDir dir("streamit-sqlite");
  metrics::Registry registry;
  SqliteDatabase db({dir.path() / "x.db", 1000, 1}, registry);
  db.withSession([](Poco::Data::Session& s) {
    s << "CREATE TABLE parent (id INTEGER PRIMARY KEY)", now;
    s << "CREATE TABLE child (pid INTEGER REFERENCES parent(id))", now;
  });
  EXPECT_THROW(db.withSession(
                   [](Poco::Data::Session& s) { s << "INSERT INTO child (pid) VALUES (42)", now; }),
               QueryError);
  EXPECT_EQ(db.openSessions(), 1);  // returned to the pool, not discarded
  EXPECT_TRUE(db.checkHealth().ok);
}

TEST(SqliteDatabase, UnopenableFileIsUnavailable) {
  testing::TempDir dir("streamit-sqlite");
  metrics::Registry registry;
  // A directory where the database file should be: sqlite cannot open it.
  std::filesystem::create_directories(dir.path() / "db.sqlite");
  SqliteDatabase db({dir.path() / "db.sqlite", 100, 1}, registry);
  EXPECT_THROW(db.withSession([](Poco::Data::Session&) {}), DatabaseUnavailable);
  const auto health = db.checkHealth();
  EXPECT_FALSE(health.ok);
  EXPECT_EQ(db.openSessions(), 0);
}

}  // namespace
}  // namespace streamit::storage
