#pragma once

// RoomService on both backend pairs: (memory store + SQLite in a TempDir) and
// (the shared test Redis + a scratch PostgreSQL database). Suites derive from RoomFixture and
// are instantiated with kBackendPairs.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/registry.h"
#include "realtime/store_fixture.h"
#include "rooms/room_service.h"
#include "storage/audit_log.h"
#include "storage/database_error.h"
#include "storage/migrator.h"
#include "storage/storage_factory.h"
#include "storage/write_queue.h"
#include "support/postgres_server.h"
#include "support/process.h"

namespace streamit::rooms::test {

// Forwards to a real Database and counts the sessions it hands out, so tests can prove that a
// path does (or does not) touch the database. `beforeCall` runs before each forwarded call.
class CountingDatabase : public storage::Database {
 public:
  explicit CountingDatabase(storage::Database& inner) : inner_(inner) {}
  storage::Dialect dialect() const override { return inner_.dialect(); }
  std::string backendName() const override { return inner_.backendName(); }
  void withSession(const std::function<void(Poco::Data::Session&)>& work) override {
    before();
    inner_.withSession(work);
  }
  void withTransaction(const std::function<void(Poco::Data::Session&)>& work) override {
    before();
    inner_.withTransaction(work);
  }
  util::HealthStatus checkHealth() override { return inner_.checkHealth(); }

  int calls() const { return calls_.load(); }
  // Runs once, before the next call's work (then cleared).
  void beforeNextCall(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    hook_ = std::move(hook);
  }
  // Every call throws DatabaseUnavailable while set.
  void setDown(bool down) { down_ = down; }

 private:
  void before() {
    calls_++;
    std::function<void()> hook;
    {
      std::lock_guard lock(mutex_);
      hook.swap(hook_);
    }
    if (hook)
      hook();
    if (down_)
      throw storage::DatabaseUnavailable(inner_.backendName(), "test: database down");
  }

  storage::Database& inner_;
  std::atomic<int> calls_{0};
  std::atomic<bool> down_{false};
  std::mutex mutex_;
  std::function<void()> hook_;
};

// Records every sink call in order as text: "state:LIVE", "state:GRACE@<deadline>",
// "close:4002:room expired".
class RecordingSink : public RoomEventSink {
 public:
  void roomStateChanged(const std::string& code, const BroadcastRoomState& event) override {
    std::string entry = code + " state:" + std::string(toString(event.state));
    if (event.grace_deadline_ms)
      entry += "@" + std::to_string(*event.grace_deadline_ms);
    push(entry);
  }
  void closeRoomMembers(const std::string& code, int closeCode,
                        const std::string& reason) override {
    push(code + " close:" + std::to_string(closeCode) + ":" + reason);
  }
  std::vector<std::string> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
  }

 private:
  void push(std::string entry) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(entry));
  }
  std::mutex mutex_;
  std::vector<std::string> events_;
};

// A settable clock shared by the test and the service.
struct ManualClock {
  std::shared_ptr<std::atomic<std::int64_t>> ms =
      std::make_shared<std::atomic<std::int64_t>>(1'700'000'000'000);
  RoomService::Clock fn() const {
    return [ms = ms] { return ms->load(); };
  }
  std::int64_t now() const { return ms->load(); }
  void advance(std::int64_t deltaMs) const { ms->fetch_add(deltaMs); }
};

inline const std::vector<std::string> kBackendPairs = {"memory_sqlite", "redis_postgres"};

class RoomFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    prefix_ = realtime::test::uniquePrefix();
    storage::StorageConfig storageConfig;
    storageConfig.pool_size = 4;
    if (GetParam() == "memory_sqlite") {
      dir_ = std::make_unique<testing::TempDir>("streamit-rooms");
      storageConfig.backend = storage::StorageConfig::Backend::kSqlite;
      storageConfig.sqlite.path = "rooms.db";
      store_ = realtime::test::MemoryBackend::make(registry_, prefix_);
    } else {
      const auto shared = testing::sharedPostgresConfig();
      store_ = realtime::test::RedisBackend::make(registry_, prefix_);
      if (!shared || !store_) {
        if (testing::serversRequired())
          FAIL() << "STREAMIT_TEST_REQUIRE_SERVERS=1 but Redis/PostgreSQL are not configured";
        GTEST_SKIP() << "no Redis/PostgreSQL test servers (STREAMIT_TEST_REDIS_*, _PG_*)";
      }
      scratch_ = std::make_unique<testing::ScratchPostgresDatabase>(*shared);
      storageConfig.backend = storage::StorageConfig::Backend::kPostgres;
      storageConfig.postgres = scratch_->config();
    }
    realDb_ = storage::openDatabase(storageConfig, dir_ ? dir_->path().string() : "", registry_);
    storage::Migrator(*realDb_).migrate();
    db_ = std::make_unique<CountingDatabase>(*realDb_);
    storage::WriteQueue::Options options;
    options.capacity = 1000;
    options.workers = 1;  // FIFO, so drain() means "everything queued so far landed in order"
    options.retryLimit = 1;
    options.initialBackoff = std::chrono::milliseconds(10);
    queue_ = std::make_unique<storage::WriteQueue>(*db_, options, registry_);
    audit_ = std::make_unique<storage::AuditLog>(*db_, *queue_);
  }

  void TearDown() override {
    for (auto& service : services_)
      service->stopSweeper();
    if (queue_)
      queue_->drain(std::chrono::seconds(5));
    services_.clear();
    audit_.reset();
    queue_.reset();
    db_.reset();
    realDb_.reset();
  }

  // A service ("node") on the shared database and store. Each has its own sink if given.
  RoomService& makeService(RoomsConfig config = {}, RoomEventSink* sink = nullptr,
                           storage::Database* db = nullptr) {
    services_.push_back(std::make_unique<RoomService>(
        RoomService::Dependencies{db ? *db : *db_, *queue_, *store_, *audit_}, config,
        clock_.fn()));
    services_.back()->setEventSink(sink);
    return *services_.back();
  }

  bool drain() { return queue_->drain(std::chrono::seconds(5)); }

  std::vector<storage::AuditEntry> auditRows(const std::string& action) {
    drain();
    std::vector<storage::AuditEntry> out;
    for (auto& row : audit_->recent(10000)) {
      if (row.action == action)
        out.push_back(row);
    }
    return out;
  }

  static auth::Principal principal(const std::string& subject, const std::string& name = "Host") {
    return auth::Principal{subject, name, auth::UserKind::kGuest, {"room:create"}};
  }

  metrics::Registry registry_;
  std::string prefix_;
  ManualClock clock_;
  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<testing::ScratchPostgresDatabase> scratch_;
  std::unique_ptr<realtime::RealtimeStore> store_;
  std::unique_ptr<storage::Database> realDb_;
  std::unique_ptr<CountingDatabase> db_;
  std::unique_ptr<storage::WriteQueue> queue_;
  std::unique_ptr<storage::AuditLog> audit_;
  std::vector<std::unique_ptr<RoomService>> services_;
};

}  // namespace streamit::rooms::test
