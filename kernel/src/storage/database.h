#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "storage/dialect.h"
#include "util/health.h"

namespace Poco::Data {
class Session;
}

namespace streamit::storage {

// A pooled connection to the durable store. Thread-safe: any number of threads may call
// withSession concurrently; each gets its own session (at most pool_size at once).
//
// Errors, whatever the backend: a connection-class failure (server down, connection lost,
// connect or statement timeout, pool exhausted) throws DatabaseUnavailable and the session is
// discarded, never reused; a refused statement (constraint, syntax, types) throws QueryError
// and the session goes back to the pool. Exceptions that are not database errors pass through.
class Database : public util::HealthCheck {
 public:
  ~Database() override = default;

  virtual Dialect dialect() const = 0;
  // "sqlite" | "postgres" (the `backend` label of streamit_backend_errors_total).
  virtual std::string backendName() const = 0;

  // Runs `work` on a pooled session in autocommit mode. The session must not escape `work`.
  virtual void withSession(const std::function<void(Poco::Data::Session&)>& work) = 0;

  // Runs `work` inside one transaction (BEGIN IMMEDIATE on SQLite so concurrent writers wait
  // on the busy timeout instead of failing at commit). Commits when `work` returns, rolls
  // back when it throws. Same error mapping as withSession.
  virtual void withTransaction(const std::function<void(Poco::Data::Session&)>& work) = 0;

  // Rewrites `?` placeholders for this dialect; see portableSql() in sql_text.h.
  std::string sql(std::string_view portable) const;

  std::string healthName() const override { return "database"; }
};

}  // namespace streamit::storage
