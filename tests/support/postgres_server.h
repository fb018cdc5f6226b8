#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "storage/storage_config.h"
#include "support/process.h"

namespace streamit::testing {

// A private PostgreSQL cluster for tests that must stop and restart the server. initdb runs
// into a TempDir owned by user `postgres` (PostgreSQL refuses to run as root) with scram
// password auth on 127.0.0.1 only; the server listens on a free port that stays the same
// across restarts. Stopped by PID (fast shutdown) in stop() and the destructor.
class PostgresServer {
 public:
  struct Options {
    std::string bindir;  // empty: $STREAMIT_TEST_PG_BINDIR, else /usr/lib/postgresql/15/bin
    std::string user = "streamit_it";
    std::string password = "it-Secret-pw-42";
    std::string database = "streamit_it";
  };

  // Why a private cluster cannot run here (no binaries, no `postgres` user), or nullopt.
  static std::optional<std::string> unavailableReason(const std::string& bindir = {});

  // Runs initdb (a few seconds); throws std::runtime_error with initdb's output on failure.
  explicit PostgresServer(Options options);
  PostgresServer() : PostgresServer(Options{}) {}
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Starts the server and waits (bounded) until the application role can log in; the first
  // start also creates the role and database. Throws with the server log on failure.
  void start(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Fast shutdown (SIGINT to the postmaster), SIGKILL after `timeout`.
  void stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool running();

  int port() const { return port_; }
  // Settings for the application role, ready for PostgresDatabase / openDatabase.
  storage::PostgresConfig config() const;
  std::string serverLog() const;

 private:
  Options options_;
  std::unique_ptr<TempDir> dir_;
  int port_ = 0;
  bool provisioned_ = false;
  ChildProcess server_;
};

// Settings for the shared test server from STREAMIT_TEST_PG_*; nullopt when not configured.
std::optional<storage::PostgresConfig> sharedPostgresConfig();

// A throwaway database on the shared server, created on construction by the configured
// (CREATEDB) user and dropped WITH (FORCE) on destruction, so each test starts empty.
class ScratchPostgresDatabase {
 public:
  explicit ScratchPostgresDatabase(const storage::PostgresConfig& admin);
  ~ScratchPostgresDatabase();
  ScratchPostgresDatabase(const ScratchPostgresDatabase&) = delete;
  ScratchPostgresDatabase& operator=(const ScratchPostgresDatabase&) = delete;
  // `admin` with database replaced by the scratch database.
  const storage::PostgresConfig& config() const { return config_; }

 private:
  storage::PostgresConfig admin_;
  storage::PostgresConfig config_;
};

}  // namespace streamit::testing
