// A private PostgreSQL cluster is stopped and restarted under a live Database: failures must be
// quick DatabaseUnavailable errors, writes queued meanwhile must land, and the same Database
// must recover by itself.
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <chrono>
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
using Clock = std::chrono::steady_clock;

int selectOne(Database& db) {
  int one = 0;
  db.withSession([&](Poco::Data::Session& s) { s << "SELECT 1", into(one), now; });
  return one;
}

TEST(PostgresRestart, FailsFastWhileDownAndRecoversWithoutReopening) {
  if (auto reason = testing::PostgresServer::unavailableReason()) {
    if (testing::serversRequired())
      FAIL() << "cannot run a private PostgreSQL: " << *reason;
    GTEST_SKIP() << "cannot run a private PostgreSQL: " << *reason;
  }
  testing::PostgresServer server;
  server.start();

  StorageConfig config;
  config.backend = StorageConfig::Backend::kPostgres;
  config.postgres = server.config();
  config.pool_size = 3;
  metrics::Registry registry;
  auto db = openDatabase(config, "", registry);
  Migrator(*db).migrate();
  // Fill the pool with several live sessions so that all of them die with the server.
  std::vector<std::thread> warm;
  for (int i = 0; i < 3; ++i)
    warm.emplace_back([&] { selectOne(*db); });
  for (auto& t : warm)
    t.join();
  ASSERT_EQ(selectOne(*db), 1);

  server.stop();
  ASSERT_FALSE(server.running());

  const auto failStart = Clock::now();
  try {
    selectOne(*db);
    FAIL() << "query succeeded with the server down";
  } catch (const DatabaseUnavailable& e) {
    EXPECT_EQ(e.backend(), "postgres");
    EXPECT_EQ(std::string(e.what()).find(config.postgres.password), std::string::npos)
        << "password leaked: " << e.what();
  }
  EXPECT_THROW(selectOne(*db), DatabaseUnavailable);  // a fresh connect attempt: refused
  EXPECT_LT(Clock::now() - failStart, 5s);
  const auto health = db->checkHealth();
  EXPECT_FALSE(health.ok);
  EXPECT_EQ(health.detail.find(config.postgres.password), std::string::npos);

  WriteQueue::Options options;
  options.workers = 1;
  options.retryLimit = 100;
  options.initialBackoff = 50ms;
  options.maxBackoff = 200ms;
  WriteQueue queue(*db, options, registry);
  AuditLog audit(*db, queue);
  ASSERT_TRUE(audit.record({0, 42, "ops", "db.restart", "postgres", "queued while down"}));
  std::this_thread::sleep_for(300ms);  // a few attempts fail meanwhile
  EXPECT_EQ(queue.doneCount(), 0u);

  server.start();
  // The same Database object recovers; a bounded loop absorbs the server's first moments.
  bool recovered = false;
  for (const auto deadline = Clock::now() + 15s; Clock::now() < deadline;) {
    try {
      recovered = selectOne(*db) == 1;
      break;
    } catch (const DatabaseUnavailable&) {
      std::this_thread::sleep_for(100ms);
    }
  }
  ASSERT_TRUE(recovered) << server.serverLog();
  ASSERT_TRUE(queue.drain(15s));
  EXPECT_EQ(queue.doneCount(), 1u);
  EXPECT_EQ(queue.droppedCount(), 0u);
  const auto rows = audit.recent(5);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].detail, "queued while down");
  EXPECT_TRUE(db->checkHealth().ok);
  EXPECT_NE(registry.renderPrometheus().find(
                "streamit_backend_errors_total{backend=\"postgres\",op=\"connect\"}"),
            std::string::npos);
}

TEST(PostgresRestart, StatementTimeoutIsUnavailableAndSessionIsReused) {
  if (auto reason = testing::PostgresServer::unavailableReason()) {
    if (testing::serversRequired())
      FAIL() << "cannot run a private PostgreSQL: " << *reason;
    GTEST_SKIP() << "cannot run a private PostgreSQL: " << *reason;
  }
  testing::PostgresServer server;
  server.start();
  StorageConfig config;
  config.backend = StorageConfig::Backend::kPostgres;
  config.postgres = server.config();
  config.postgres.statement_timeout_ms = 200;
  config.pool_size = 1;
  metrics::Registry registry;
  auto db = openDatabase(config, "", registry);
  EXPECT_THROW(db->withSession([](Poco::Data::Session& s) { s << "SELECT pg_sleep(5)", now; }),
               DatabaseUnavailable);
  EXPECT_EQ(selectOne(*db), 1);
}

}  // namespace
}  // namespace streamit::storage
