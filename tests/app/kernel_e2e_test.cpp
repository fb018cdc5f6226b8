// The real `streamit` binary over real sockets: the embedded default, Redis and PostgreSQL
// backends (including a Redis that is down at start and comes back), config refusals,
// migrations, signals, and secrets kept out of the logs.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "storage/migration.h"
#include "support/kernel_process.h"
#include "support/postgres_server.h"
#include "support/redis_server.h"

namespace streamit::testing {
namespace {

using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition())
      return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

std::string redisYaml(int port) {
  return "realtime:\n  backend: redis\n  redis:\n    host: 127.0.0.1\n    port: " +
         std::to_string(port) + "\n";
}

TEST(KernelE2E, EmbeddedDefaultServesHealthReadyAndMetrics) {
  KernelProcess kernel("");
  ASSERT_TRUE(kernel.start()) << kernel.log();
  EXPECT_EQ(kernel.get("/healthz").body, R"({"status":"ok"})");
  const auto ready = kernel.get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  for (const char* backend : {"database", "realtime", "plugins"}) {
    EXPECT_NE(ready.body.find(std::string("\"") + backend + "\":{\"detail\":\"ok\",\"ok\":true"),
              std::string::npos)
        << backend << " in " << ready.body;
  }
  EXPECT_TRUE(std::filesystem::exists(kernel.dir() / "data" / "streamit.db"));
  const auto metrics = kernel.get("/metrics");
  EXPECT_NE(metrics.body.find(
                R"(streamit_http_requests_total{method="GET",route="/readyz",status="200"} 1)"),
            std::string::npos)
      << metrics.body;
  const auto missing = kernel.get("/api/v1/nothing-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find(R"({"error":{"code":"NOT_FOUND")"), std::string::npos);
}

TEST(KernelE2E, StopsCleanlyOnSigterm) {
  KernelProcess kernel("");
  ASSERT_TRUE(kernel.start()) << kernel.log();
  kernel.process().sendSignal(SIGTERM);
  EXPECT_EQ(kernel.process().waitExit(15s), 0) << kernel.log();
  EXPECT_NE(kernel.log().find(R"("msg":"stopping")"), std::string::npos);
}

TEST(KernelE2E, ReadyzFollowsRedisGoingDownAndComingBack) {
  if (!RedisServer::available()) {
    if (serversRequired())
      FAIL() << "redis-server is not installed";
    GTEST_SKIP() << "redis-server not installed";
  }
  RedisServer redis;  // port chosen, not started: Redis is down when the kernel starts
  KernelProcess kernel(redisYaml(redis.port()));
  ASSERT_TRUE(kernel.start()) << kernel.log();
  EXPECT_EQ(kernel.get("/healthz").status, 200);
  auto ready = kernel.get("/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_NE(ready.body.find(R"("realtime":{"detail")"), std::string::npos);
  EXPECT_NE(ready.body.find(R"("status":"not_ready")"), std::string::npos);

  redis.start();
  EXPECT_TRUE(eventually([&] { return kernel.get("/readyz").status == 200; }, 10s))
      << kernel.get("/readyz").body;

  redis.kill();
  EXPECT_TRUE(eventually([&] { return kernel.get("/readyz").status == 503; }, 10s));
  redis.start();
  EXPECT_TRUE(eventually([&] { return kernel.get("/readyz").status == 200; }, 10s))
      << "the kernel must recover from a Redis restart without being restarted";
}

TEST(KernelE2E, PostgresBackendMigratesServesAndKeepsThePasswordOutOfLogs) {
  const auto admin = sharedPostgresConfig();
  if (!admin) {
    if (serversRequired())
      FAIL() << "STREAMIT_TEST_PG_* not set";
    GTEST_SKIP() << "no PostgreSQL configured";
  }
  ScratchPostgresDatabase scratch(*admin);
  const auto& pg = scratch.config();
  TempDir secrets;
  const auto passwordFile = secrets.path() / "pg.password";
  std::ofstream(passwordFile) << pg.password << "\n";
  const std::string yaml =
      "storage:\n  backend: postgres\n  migrate_on_start: false\n"
      "  postgres:\n    host: " +
      pg.host + "\n    port: " + std::to_string(pg.port) + "\n    database: " + pg.database +
      "\n    user: " + pg.user + "\n    password_file: " + passwordFile.string() + "\n";
  KernelProcess kernel(yaml);

  // Pending migrations and migrate_on_start: false → start-up refused with the reason.
  EXPECT_FALSE(kernel.start(15s));
  EXPECT_NE(kernel.process().waitExit(5s), 0);
  EXPECT_NE(kernel.log().find("pending"), std::string::npos) << kernel.log();

  std::string output;
  EXPECT_EQ(kernel.runCommand("migrate", output), 0) << output;
  // Every embedded migration, whatever their number is by now.
  const std::string latest =
      std::to_string(storage::embeddedMigrations(storage::Dialect::kPostgres).back().version);
  const std::string applied =
      std::to_string(storage::embeddedMigrations(storage::Dialect::kPostgres).size());
  EXPECT_NE(
      output.find("applied " + applied + " migration(s); schema version " + latest + " (postgres)"),
      std::string::npos)
      << output;
  EXPECT_EQ(kernel.runCommand("migrate", output), 0);
  EXPECT_NE(output.find("applied 0 migration(s)"), std::string::npos) << output;

  ASSERT_TRUE(kernel.start()) << kernel.log();
  const auto ready = kernel.get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(kernel.log().find(pg.password), std::string::npos) << "password leaked into the log";
}

TEST(KernelE2E, ReadyzFollowsPostgresStoppingAndRestartingWhileServing) {
  if (const auto reason = PostgresServer::unavailableReason()) {
    if (serversRequired())
      FAIL() << *reason;
    GTEST_SKIP() << *reason;
  }
  PostgresServer postgres;
  postgres.start();
  const auto pg = postgres.config();
  KernelProcess kernel("storage:\n  backend: postgres\n  postgres:\n    host: " + pg.host +
                       "\n    port: " + std::to_string(pg.port) + "\n    database: " + pg.database +
                       "\n    user: " + pg.user + "\n    password: " + pg.password +
                       "\n    connect_timeout_ms: 2000\n");
  ASSERT_TRUE(kernel.start()) << kernel.log();
  EXPECT_EQ(kernel.get("/readyz").status, 200);

  postgres.stop();
  const auto stoppedAt = std::chrono::steady_clock::now();
  const auto down = kernel.get("/readyz");
  // The health check is bounded by the connect timeout: a dead database is reported, not
  // waited on.
  EXPECT_LT(std::chrono::steady_clock::now() - stoppedAt, 5s);
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_NE(down.body.find(R"("database":{"detail")"), std::string::npos) << down.body;
  EXPECT_EQ(kernel.get("/healthz").status, 200) << "liveness must not depend on the database";

  postgres.start();
  EXPECT_TRUE(eventually([&] { return kernel.get("/readyz").status == 200; }, 15s))
      << "the kernel must recover from a PostgreSQL restart without being restarted: "
      << kernel.get("/readyz").body;
  EXPECT_EQ(kernel.log().find(pg.password), std::string::npos) << "password leaked into the log";
}

TEST(KernelE2E, UnreachablePostgresRefusesStartupWithoutLeakingThePassword) {
  const int deadPort = freeTcpPort();
  const std::string password = "not-in-any-log-8c1f";
  KernelProcess kernel("storage:\n  backend: postgres\n  postgres:\n    port: " +
                       std::to_string(deadPort) + "\n    password: " + password + "\n");
  EXPECT_FALSE(kernel.start(20s));
  EXPECT_EQ(kernel.process().waitExit(10s), 1) << kernel.log();
  EXPECT_NE(kernel.log().find("start-up failed"), std::string::npos) << kernel.log();
  EXPECT_EQ(kernel.log().find(password), std::string::npos) << kernel.log();
}

TEST(KernelE2E, InvalidConfigIsRefusedNamingKeyAndLine) {
  KernelProcess kernel("storage:\n  backend: sqlite\n  pool_sise: 3\n");
  EXPECT_FALSE(kernel.start(10s));
  EXPECT_EQ(kernel.process().waitExit(5s), 2);
  const auto log = kernel.log();
  EXPECT_NE(log.find("streamit.yaml:9: storage.pool_sise: unknown key"), std::string::npos) << log;

  std::string output;
  EXPECT_EQ(kernel.runCli("config check " + kernel.configPath().string(), output), 2);
  EXPECT_NE(output.find("storage.pool_sise"), std::string::npos) << output;
}

TEST(KernelE2E, ConfigCheckAcceptsTheShippedFiles) {
  KernelProcess kernel("");
  std::string output;
  const std::string shipped = std::string(STREAMIT_SOURCE_DIR) + "/config/streamit.yaml";
  EXPECT_EQ(kernel.runCli("config check " + shipped, output), 0) << output;
  EXPECT_NE(output.find("OK: "), std::string::npos);
}

TEST(KernelE2E, SecondKernelOnTheSamePortRefusesToStart) {
  KernelProcess first("");
  ASSERT_TRUE(first.start()) << first.log();
  KernelProcess second("");
  // Same port as the first: rewrite the generated config.
  std::ofstream(second.configPath()) << "data_dir: " << (second.dir() / "data").string()
                                     << "\nhttp:\n  port: " << first.port() << "\n";
  EXPECT_FALSE(second.start(10s));
  EXPECT_EQ(second.process().waitExit(5s), 1) << second.log();
  EXPECT_EQ(first.get("/healthz").status, 200);
}

}  // namespace
}  // namespace streamit::testing
