// One behavioural contract, run against every backend: SQLite in a TempDir and PostgreSQL in a
// fresh throwaway database on the shared test server.
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "metrics/registry.h"
#include "storage/audit_log.h"
#include "storage/database_error.h"
#include "storage/migrator.h"
#include "storage/storage_factory.h"
#include "storage/write_queue.h"
#include "support/postgres_server.h"
#include "support/process.h"

namespace streamit::storage {
namespace {

using namespace Poco::Data::Keywords;
using namespace std::chrono_literals;

class StorageConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = std::make_unique<testing::TempDir>("streamit-conf");
      config_.backend = StorageConfig::Backend::kSqlite;
      config_.sqlite.path = "db/streamit.db";
    } else {
      const auto shared = testing::sharedPostgresConfig();
      if (!shared) {
        if (testing::serversRequired()) {
          FAIL() << "STREAMIT_TEST_REQUIRE_SERVERS=1 but STREAMIT_TEST_PG_HOST/PORT are unset";
        }
        GTEST_SKIP() << "no PostgreSQL test server (set STREAMIT_TEST_PG_*; see README)";
      }
      scratch_ = std::make_unique<testing::ScratchPostgresDatabase>(*shared);
      config_.backend = StorageConfig::Backend::kPostgres;
      config_.postgres = scratch_->config();
    }
    config_.pool_size = 4;
    db_ = open();
  }

  std::unique_ptr<Database> open() {
    return openDatabase(config_, dir_ ? dir_->path().string() : std::string(), registry_);
  }

  Poco::Int64 count(const std::string& sql) {
    Poco::Int64 n = -1;
    db_->withSession([&](Poco::Data::Session& s) { s << sql, into(n), now; });
    return n;
  }

  WriteQueue::Options queueOptions() {
    WriteQueue::Options o;
    o.capacity = 100;
    o.workers = 2;
    o.retryLimit = 2;
    o.initialBackoff = 10ms;
    return o;
  }

  metrics::Registry registry_;
  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<testing::ScratchPostgresDatabase> scratch_;
  StorageConfig config_;
  std::unique_ptr<Database> db_;  // last: destroyed before the scratch database is dropped
};

TEST_P(StorageConformance, MigratesFromEmptyAndIsIdempotent) {
  Migrator migrator(*db_);
  const int latest = migrator.latestVersion();
  ASSERT_GE(latest, 1);
  EXPECT_EQ(migrator.currentVersion(), 0);
  EXPECT_EQ(static_cast<int>(migrator.pending().size()), latest);

  EXPECT_EQ(migrator.migrate(), latest);
  EXPECT_EQ(migrator.currentVersion(), latest);
  EXPECT_TRUE(migrator.pending().empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), latest);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), 0);

  EXPECT_EQ(migrator.migrate(), 0);
  EXPECT_EQ(Migrator(*open()).migrate(), 0);  // a second instance (fresh pool) agrees
  EXPECT_NO_THROW(migrator.checkAtStartup(false));
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), latest);
}

TEST_P(StorageConformance, ConcurrentMigratorsApplyEachMigrationOnce) {
  // A deliberately slow extra migration widens the window in which two unserialized
  // migrators would both apply it (and then collide on its schema_migrations row).
  auto migrations = embeddedMigrations(db_->dialect());
  const int slow = migrations.back().version + 1;
  migrations.push_back(
      {slow, "slow",
       db_->dialect() == Dialect::kPostgres
           ? "CREATE TABLE slow_t (x INTEGER);\nDO $$ BEGIN PERFORM pg_sleep(0.4); END $$;"
           : "CREATE TABLE slow_t AS WITH RECURSIVE c(x) AS "
             "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000) SELECT x FROM c;"});
  auto other = open();
  int applied[2] = {-1, -1};
  std::string errors[2];
  auto run = [&](Database& db, int slot) {
    try {
      applied[slot] = Migrator(db, migrations).migrate();
    } catch (const std::exception& e) {
      errors[slot] = e.what();
    }
  };
  std::thread a(run, std::ref(*db_), 0);
  std::thread b(run, std::ref(*other), 1);
  a.join();
  b.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  EXPECT_EQ(applied[0] + applied[1], slow);
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), slow);
}

TEST_P(StorageConformance, RefusesSchemaNewerThanBinary) {
  Migrator migrator(*db_);
  migrator.migrate();
  const int future = migrator.latestVersion() + 4;
  db_->withSession([&](Poco::Data::Session& s) {
    int version = future;
    std::string name = "from_the_future";
    Poco::Int64 at = 1;
    s << db_->sql("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)"),
        use(version), use(name), use(at), now;
  });
  EXPECT_EQ(migrator.currentVersion(), future);
  const std::string expected = "database schema version " + std::to_string(future) +
                               " is newer than this binary's " +
                               std::to_string(migrator.latestVersion()) + "; upgrade streamit";
  try {
    migrator.checkAtStartup(true);
    FAIL() << "newer schema accepted";
  } catch (const SchemaVersionError& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
  EXPECT_THROW(migrator.migrate(), SchemaVersionError);
}

TEST_P(StorageConformance, PendingMigrationsRefusedUnlessApplying) {
  Migrator migrator(*db_);
  try {
    migrator.checkAtStartup(false);
    FAIL() << "pending migrations accepted";
  } catch (const SchemaVersionError& e) {
    EXPECT_NE(std::string(e.what()).find("pending migrations 0001_init"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(migrator.currentVersion(), 0);  // refusing changed nothing

  migrator.checkAtStartup(true);
  EXPECT_EQ(migrator.currentVersion(), migrator.latestVersion());

  // A binary one migration ahead of the database.
  auto migrations = embeddedMigrations(db_->dialect());
  const int next = migrations.back().version + 1;
  migrations.push_back({next, "extra", "CREATE TABLE extra_t (x INTEGER)"});
  Migrator newer(*db_, migrations);
  ASSERT_EQ(newer.pending().size(), 1u);
  EXPECT_THROW(newer.checkAtStartup(false), SchemaVersionError);
  EXPECT_EQ(newer.migrate(), 1);
  EXPECT_EQ(newer.currentVersion(), next);
  EXPECT_EQ(count("SELECT COUNT(*) FROM extra_t"), 0);
  // And the older binary now refuses this database.
  EXPECT_THROW(migrator.checkAtStartup(true), SchemaVersionError);
}

TEST_P(StorageConformance, FailedMigrationLeavesNothingBehind) {
  auto migrations = embeddedMigrations(db_->dialect());
  const int bad = migrations.back().version + 1;
  migrations.push_back({bad, "broken", "CREATE TABLE half_t (x INTEGER);\nCREATE TABLE ("});
  Migrator migrator(*db_, migrations);
  EXPECT_THROW(migrator.migrate(), QueryError);
  EXPECT_EQ(migrator.currentVersion(), bad - 1);                   // the good ones stay applied
  EXPECT_THROW(count("SELECT COUNT(*) FROM half_t"), QueryError);  // rolled back
  EXPECT_TRUE(db_->checkHealth().ok);
}

TEST_P(StorageConformance, AuditLogRoundTripThroughWriteQueue) {
  Migrator(*db_).migrate();
  WriteQueue queue(*db_, queueOptions(), registry_);
  AuditLog audit(*db_, queue);
  ASSERT_TRUE(audit.record({0, 1000, "alice", "room.create", "room/1", "{}"}));
  ASSERT_TRUE(
      audit.record({0, 2000, "Zoë 🎬", "chat.delete", "観る/ルーム", "naïve — \"quoted\" 'x'"}));
  ASSERT_TRUE(audit.record({0, 3000, "", "room.close", "room/1", ""}));
  ASSERT_TRUE(queue.drain(20s));
  EXPECT_EQ(queue.doneCount(), 3u);

  const auto rows = audit.recent(10);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].action, "room.close");
  EXPECT_EQ(rows[0].tsMs, 3000);
  EXPECT_EQ(rows[1].actor, "Zoë 🎬");
  EXPECT_EQ(rows[1].action, "chat.delete");
  EXPECT_EQ(rows[1].subject, "観る/ルーム");
  EXPECT_EQ(rows[1].detail, "naïve — \"quoted\" 'x'");
  EXPECT_EQ(rows[2].actor, "alice");
  EXPECT_GT(rows[2].id, 0);
  EXPECT_EQ(audit.recent(2).size(), 2u);
}

TEST_P(StorageConformance, ConstraintViolationIsQueryErrorNotUnavailable) {
  Migrator(*db_).migrate();
  auto insert = [&](Poco::Int64 id) {
    db_->withSession([&](Poco::Data::Session& s) {
      Poco::Int64 ts = 1;
      std::string action = "x";
      s << db_->sql("INSERT INTO audit_log (id, ts_ms, action) VALUES (?, ?, ?)"), use(id), use(ts),
          use(action), now;
    });
  };
  insert(7);
  bool queryError = false;
  try {
    insert(7);
  } catch (const DatabaseUnavailable& e) {
    FAIL() << "constraint violation reported as unavailable: " << e.what();
  } catch (const QueryError&) {
    queryError = true;
  }
  EXPECT_TRUE(queryError);

  // Through the write queue: failed once, never retried.
  WriteQueue queue(*db_, queueOptions(), registry_);
  std::atomic<int> attempts{0};
  ASSERT_TRUE(queue.tryEnqueue("null-action", [&](Database& db) {
    ++attempts;
    db.withSession([&](Poco::Data::Session& s) {
      s << "INSERT INTO audit_log (ts_ms, action) VALUES (1, NULL)", now;
    });
  }));
  ASSERT_TRUE(queue.drain(20s));
  EXPECT_EQ(attempts.load(), 1);
  EXPECT_EQ(queue.failedCount(), 1u);
  EXPECT_TRUE(db_->checkHealth().ok);  // the session survived the error
}

TEST_P(StorageConformance, PortablePlaceholdersIgnoreQuotedQuestionMarks) {
  std::string suffix = "z", out;
  db_->withSession([&](Poco::Data::Session& s) {
    s << db_->sql("SELECT 'a?b' || ?"), use(suffix), into(out), now;
  });
  EXPECT_EQ(out, "a?bz");
}

TEST_P(StorageConformance, HealthIsOk) {
  EXPECT_EQ(db_->healthName(), "database");
  const auto health = db_->checkHealth();
  EXPECT_TRUE(health.ok) << health.detail;
  EXPECT_EQ(health.detail, "ok");
  EXPECT_EQ(db_->backendName(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageConformance, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

}  // namespace
}  // namespace streamit::storage
