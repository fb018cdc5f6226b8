#pragma once

#include <string>

namespace streamit::storage {

// The `storage.sqlite:` section.
struct SqliteConfig {
  std::string path = "streamit.db";  // relative paths resolve against the data dir
  int busy_timeout_ms = 5000;
};

// The `storage.postgres:` section.
struct PostgresConfig {
  std::string host = "127.0.0.1";
  int port = 5432;
  std::string database = "streamit";
  std::string user = "streamit";
  std::string password;  // secret: may come from `password_file`
  std::string sslmode = "prefer";
  int connect_timeout_ms = 3000;
  int statement_timeout_ms = 5000;
};

// The `storage:` section.
struct StorageConfig {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  SqliteConfig sqlite;
  PostgresConfig postgres;
  int pool_size = 8;
  // Apply pending migrations at start-up; when false, a pending migration refuses start-up.
  bool migrate_on_start = true;
  int write_queue_capacity = 10000;
  int write_workers = 2;
  int write_retry_limit = 5;
};

}  // namespace streamit::storage
