#pragma once

#include <string>

#include "storage/pooled_database.h"
#include "storage/storage_config.h"

namespace streamit::storage {

// PostgreSQL through Poco::Data::PostgreSQL (libpq). Connect timeout and statement timeout
// come from the config; TCP keepalives detect a peer that vanished without closing.
class PostgresDatabase : public PooledDatabase {
 public:
  // Registers the password as a log secret. Does not connect yet, so construction succeeds
  // while the server is down. Throws std::invalid_argument for values Poco cannot pass on.
  PostgresDatabase(const PostgresConfig& config, int poolSize, metrics::Registry& registry);

  Dialect dialect() const override { return Dialect::kPostgres; }

 protected:
  std::unique_ptr<Poco::Data::Session> openSession() override;
  Failure classify(const Poco::Exception& error, Poco::Data::Session& session) override;
  std::string sanitize(const std::string& text) const override;
  void beginTransaction(Poco::Data::Session& session) override;

 private:
  std::string connectionString_;  // contains the password: never log it
  std::string password_;
};

// The libpq connection string for `config`. Poco 1.11 splits the string on spaces and
// re-assembles it without quotes, so no value may contain whitespace (std::invalid_argument);
// backslashes and quotes are escaped the way libpq reads unquoted values. The statement timeout
// travels as `options=-cstatement_timeout=N` (no space, which Poco would split). libpq's
// connect_timeout has one-second resolution and a 2 s minimum, so ms are rounded up.
std::string postgresConnectionString(const PostgresConfig& config);

}  // namespace streamit::storage
