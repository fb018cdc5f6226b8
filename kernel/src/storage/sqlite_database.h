#pragma once

#include <filesystem>
#include <string>

#include "storage/pooled_database.h"

namespace streamit::storage {

// SQLite through Poco::Data::SQLite. Every session runs with WAL journaling (readers do not
// block the writer), the configured busy timeout and foreign keys enforced.
class SqliteDatabase : public PooledDatabase {
 public:
  struct Settings {
    std::filesystem::path path;  // absolute; see resolveSqlitePath()
    int busyTimeoutMs = 5000;
    int poolSize = 8;
  };

  // Creates the parent directory when missing. Does not connect yet.
  SqliteDatabase(Settings settings, metrics::Registry& registry);

  Dialect dialect() const override { return Dialect::kSqlite; }
  const std::filesystem::path& path() const { return settings_.path; }

 protected:
  std::unique_ptr<Poco::Data::Session> openSession() override;
  Failure classify(const Poco::Exception& error, Poco::Data::Session& session) override;
  void beginTransaction(Poco::Data::Session& session) override;

 private:
  Settings settings_;
};

// `configured` as is when absolute, else resolved against `dataDir` (itself made absolute
// against the working directory). Pure apart from reading the working directory.
std::filesystem::path resolveSqlitePath(const std::string& configured, const std::string& dataDir);

}  // namespace streamit::storage
