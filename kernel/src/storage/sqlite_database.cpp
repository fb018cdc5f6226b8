#include "storage/sqlite_database.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace streamit::storage {

using namespace Poco::Data::Keywords;

std::filesystem::path resolveSqlitePath(const std::string& configured, const std::string& dataDir) {
  const std::filesystem::path path(configured);
  if (path.is_absolute())
    return path.lexically_normal();
  return (std::filesystem::absolute(dataDir.empty() ? "." : dataDir) / path).lexically_normal();
}

SqliteDatabase::SqliteDatabase(Settings settings, metrics::Registry& registry)
    : PooledDatabase(Options{settings.poolSize,
                             std::chrono::milliseconds(std::max(1000, settings.busyTimeoutMs * 2))},
                     registry, "sqlite"),
      settings_(std::move(settings)) {
  static std::once_flag registered;
  std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
  if (settings_.path.has_parent_path()) {
    std::filesystem::create_directories(settings_.path.parent_path());
  }
}

namespace {

// Switching a fresh file to WAL takes an exclusive lock, and SQLite answers a concurrent
// connection's `journal_mode` pragma with SQLITE_BUSY at once instead of calling the busy
// handler (it would deadlock). Two connections opening the same new database — two migrators,
// a migrator and the write queue — therefore retry here, within the busy timeout.
void setWalMode(Poco::Data::Session& session, int busyTimeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busyTimeoutMs);
  while (true) {
    try {
      std::string journalMode;
      session << "PRAGMA journal_mode=WAL", into(journalMode), now;
      return;
    } catch (const Poco::Data::SQLite::DBLockedException&) {
      if (std::chrono::steady_clock::now() >= deadline)
        throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

}  // namespace

std::unique_ptr<Poco::Data::Session> SqliteDatabase::openSession() {
  // Poco retries a failed sqlite3_open every 10 ms until the login timeout (seconds, 60 by
  // default): an unopenable file would stall the caller for a minute. One second is plenty
  // for a local file.
  constexpr std::size_t kOpenTimeoutS = 1;
  auto session =
      std::make_unique<Poco::Data::Session>("SQLite", settings_.path.string(), kOpenTimeoutS);
  // busy_timeout first, so the statements below wait for a concurrent writer.
  *session << "PRAGMA busy_timeout=" + std::to_string(settings_.busyTimeoutMs), now;
  setWalMode(*session, settings_.busyTimeoutMs);
  *session << "PRAGMA foreign_keys=ON", now;
  // With WAL, NORMAL loses at most the last transactions on power loss, never consistency.
  *session << "PRAGMA synchronous=NORMAL", now;
  return session;
}

PooledDatabase::Failure SqliteDatabase::classify(const Poco::Exception& error,
                                                 Poco::Data::Session& /*session*/) {
  namespace sq = Poco::Data::SQLite;
  // The busy timeout expired: another writer held the lock too long. The session is fine.
  if (dynamic_cast<const sq::DBLockedException*>(&error) != nullptr ||
      dynamic_cast<const sq::TableLockedException*>(&error) != nullptr) {
    return Failure::kTimeout;
  }
  // The file itself is unusable: reopening later is the only way forward.
  if (dynamic_cast<const sq::CantOpenDBFileException*>(&error) != nullptr ||
      dynamic_cast<const sq::IOErrorException*>(&error) != nullptr ||
      dynamic_cast<const sq::CorruptImageException*>(&error) != nullptr ||
      dynamic_cast<const sq::DatabaseFullException*>(&error) != nullptr ||
      dynamic_cast<const sq::NoMemoryException*>(&error) != nullptr ||
      dynamic_cast<const sq::DBAccessDeniedException*>(&error) != nullptr ||
      dynamic_cast<const sq::ReadOnlyException*>(&error) != nullptr ||
      dynamic_cast<const Poco::Data::NotConnectedException*>(&error) != nullptr ||
      dynamic_cast<const Poco::Data::ConnectionFailedException*>(&error) != nullptr) {
    return Failure::kConnection;
  }
  return Failure::kQuery;
}

void SqliteDatabase::beginTransaction(Poco::Data::Session& session) {
  // IMMEDIATE takes the write lock now (waiting up to busy_timeout) instead of failing with
  // SQLITE_BUSY when a deferred reader later tries to write.
  session << "BEGIN IMMEDIATE", now;
}

}  // namespace streamit::storage
