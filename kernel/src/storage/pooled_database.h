#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace Poco {
class Exception;
}

namespace streamit::metrics {
class Counter;
class Registry;
}  // namespace streamit::metrics

namespace streamit::storage {

// The pool and error mapping shared by both backends. We keep our own pool instead of
// Poco::Data::SessionPool because Poco reports a dead PostgreSQL connection as alive until a
// statement fails on it (POCO-1.11-PITFALLS); the only reliable signal is the failure itself,
// so a session that failed with a connection-class error is destroyed, never returned.
class PooledDatabase : public Database {
 public:
  struct Options {
    int poolSize = 8;
    // Longest wait for a free session when all are busy before DatabaseUnavailable.
    std::chrono::milliseconds acquireTimeout{5000};
  };

  PooledDatabase(Options options, metrics::Registry& registry, std::string backend);
  ~PooledDatabase() override;

  std::string backendName() const override { return backend_; }
  void withSession(const std::function<void(Poco::Data::Session&)>& work) override;
  void withTransaction(const std::function<void(Poco::Data::Session&)>& work) override;
  util::HealthStatus checkHealth() override;

  // Sessions currently open (idle + in use); for tests and diagnostics.
  int openSessions() const;

 protected:
  enum class Failure { kConnection, kTimeout, kQuery };

  // Opens and configures one new session; throws Poco::Exception when it cannot. Must be
  // bounded by the backend's connect timeout.
  virtual std::unique_ptr<Poco::Data::Session> openSession() = 0;
  // Maps a Poco error raised while `session` ran a statement.
  virtual Failure classify(const Poco::Exception& error, Poco::Data::Session& session) = 0;
  // Text safe to show (password removed).
  virtual std::string sanitize(const std::string& text) const { return text; }
  virtual void beginTransaction(Poco::Data::Session& session) = 0;

 private:
  std::unique_ptr<Poco::Data::Session> acquire();
  void release(std::unique_ptr<Poco::Data::Session> session);
  void discard();
  void dropIdle();
  [[noreturn]] void raiseUnavailable(const std::string& what);

  Options options_;
  std::string backend_;
  metrics::Counter& unavailableErrors_;
  metrics::Counter& queryErrors_;
  metrics::Counter& connectErrors_;

  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Poco::Data::Session>> idle_;
  int open_ = 0;  // idle + in use + being opened
};

}  // namespace streamit::storage
