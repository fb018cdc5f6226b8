#include "storage/pooled_database.h"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include "log/logger.h"
#include "metrics/registry.h"
#include "storage/database_error.h"
#include "storage/sql_text.h"

namespace streamit::storage {
namespace {

const log::Logger& logger() {
  static const log::Logger instance("storage");
  return instance;
}
constexpr const char* kErrorsName = "streamit_backend_errors_total";
constexpr const char* kErrorsHelp = "Backend operations that failed";

}  // namespace

std::string Database::sql(std::string_view portable) const {
  return portableSql(dialect(), portable);
}

PooledDatabase::PooledDatabase(Options options, metrics::Registry& registry, std::string backend)
    : options_(options),
      backend_(std::move(backend)),
      unavailableErrors_(
          registry.counter(kErrorsName, kErrorsHelp, {{"backend", backend_}, {"op", "statement"}})),
      queryErrors_(registry.counter(kErrorsName, kErrorsHelp,
                                    {{"backend", backend_}, {"op", "query_error"}})),
      connectErrors_(
          registry.counter(kErrorsName, kErrorsHelp, {{"backend", backend_}, {"op", "connect"}})) {
  if (options_.poolSize < 1)
    options_.poolSize = 1;
}

PooledDatabase::~PooledDatabase() = default;

int PooledDatabase::openSessions() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void PooledDatabase::raiseUnavailable(const std::string& what) {
  throw DatabaseUnavailable(backend_, what);
}

std::unique_ptr<Poco::Data::Session> PooledDatabase::acquire() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquireTimeout;
  for (;;) {
    if (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      return session;
    }
    if (open_ < options_.poolSize) {
      ++open_;
      lock.unlock();
      // Connecting happens outside the lock: it may take up to the connect timeout.
      try {
        return openSession();
      } catch (const Poco::Exception& e) {
        discard();
        connectErrors_.inc();
        raiseUnavailable("cannot connect: " + sanitize(e.displayText()));
      } catch (...) {
        discard();
        throw;
      }
    }
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.poolSize) {
      raiseUnavailable("all " + std::to_string(options_.poolSize) + " sessions busy for " +
                       std::to_string(options_.acquireTimeout.count()) + " ms");
    }
  }
}

void PooledDatabase::release(std::unique_ptr<Poco::Data::Session> session) {
  // A transaction left open by `work` would leak into the next user of this session.
  try {
    if (session->isTransaction())
      session->rollback();
  } catch (const std::exception&) {
    session.reset();
    discard();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(session));
  }
  freed_.notify_one();
}

void PooledDatabase::discard() {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  freed_.notify_one();
}

void PooledDatabase::dropIdle() {
  std::vector<std::unique_ptr<Poco::Data::Session>> stale;
  {
    std::lock_guard lock(mutex_);
    stale.swap(idle_);
    open_ -= static_cast<int>(stale.size());
  }
  freed_.notify_all();
  // `stale` closes outside the lock; closing a dead PostgreSQL socket does not block.
}

void PooledDatabase::withSession(const std::function<void(Poco::Data::Session&)>& work) {
  auto session = acquire();
  try {
    work(*session);
  } catch (const DatabaseUnavailable&) {
    // From a nested call; this session did nothing wrong.
    release(std::move(session));
    throw;
  } catch (const QueryError&) {
    release(std::move(session));
    throw;
  } catch (const Poco::Exception& e) {
    const std::string text = sanitize(e.displayText());
    switch (classify(e, *session)) {
      case Failure::kConnection:
        session.reset();
        discard();
        // Idle sessions were opened to the same server and most likely died with it; dropping
        // them now keeps the next callers from each tripping over one.
        dropIdle();
        unavailableErrors_.inc();
        logger().warn("database connection lost", {{"backend", backend_}, {"error", text}});
        raiseUnavailable(text);
      case Failure::kTimeout:
        release(std::move(session));
        unavailableErrors_.inc();
        raiseUnavailable("statement timed out: " + text);
      case Failure::kQuery:
        break;
    }
    release(std::move(session));
    queryErrors_.inc();
    throw QueryError(text);
  } catch (...) {
    release(std::move(session));
    throw;
  }
  release(std::move(session));
}

void PooledDatabase::withTransaction(const std::function<void(Poco::Data::Session&)>& work) {
  withSession([&](Poco::Data::Session& session) {
    beginTransaction(session);
    try {
      work(session);
      session.commit();
    } catch (...) {
      try {
        session.rollback();
      } catch (...) {
        // The original error decides what happens to the session; a failed rollback on a
        // dead connection adds nothing.
      }
      throw;
    }
  });
}

util::HealthStatus PooledDatabase::checkHealth() {
  // Two attempts: the first may only flush idle sessions that died with a restarted server.
  std::string detail;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      withSession([](Poco::Data::Session& session) {
        int one = 0;
        session << "SELECT 1", Poco::Data::Keywords::into(one), Poco::Data::Keywords::now;
      });
      return {true, "ok"};
    } catch (const DatabaseUnavailable& e) {
      detail = e.what();
      if (detail.find("cannot connect") != std::string::npos)
        break;  // a retry would wait again
    } catch (const std::exception& e) {
      return {false, e.what()};
    }
  }
  return {false, detail};
}

}  // namespace streamit::storage
