// The kernel's accounts table (migration 0003) and its AccountStoreV1 host service, on SQLite
// and on PostgreSQL (a throwaway database on the shared test server).
#include "auth/account_repository.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "auth/account_store_host.h"
#include "metrics/registry.h"
#include "storage/migrator.h"
#include "storage/storage_factory.h"
#include "streamit/sdk/types.h"
#include "support/postgres_server.h"
#include "support/process.h"

namespace streamit::auth {
namespace {

class AccountSink final : public sdk::AccountSinkV1 {
 public:
  void account(const StreamItAccount* pod) noexcept override {
    id = pod->id;
    username = sdk::toString(pod->username);
    displayName = sdk::toString(pod->display_name);
    hash = sdk::toString(pod->password_hash);
    lastLoginMs = pod->last_login_at_ms;
  }
  std::int64_t id = 0;
  std::string username, displayName, hash;
  std::int64_t lastLoginMs = -1;
};

StreamItStr str(const std::string& s) {
  return sdk::toStr(s);
}

class AccountRepositoryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    storage::StorageConfig config;
    if (GetParam() == "sqlite") {
      dir_ = std::make_unique<streamit::testing::TempDir>("streamit-accounts");
      config.backend = storage::StorageConfig::Backend::kSqlite;
      config.sqlite.path = "db/streamit.db";
    } else {
      const auto shared = streamit::testing::sharedPostgresConfig();
      if (!shared) {
        if (streamit::testing::serversRequired())
          FAIL() << "STREAMIT_TEST_REQUIRE_SERVERS=1 but STREAMIT_TEST_PG_HOST/PORT are unset";
        GTEST_SKIP() << "no PostgreSQL test server (set STREAMIT_TEST_PG_*)";
      }
      scratch_ = std::make_unique<streamit::testing::ScratchPostgresDatabase>(*shared);
      config.backend = storage::StorageConfig::Backend::kPostgres;
      config.postgres = scratch_->config();
    }
    config.pool_size = 4;
    db_ = storage::openDatabase(config, dir_ ? dir_->path().string() : std::string(), metrics_);
    storage::Migrator(*db_).migrate();
    repository_ = std::make_unique<AccountRepository>(*db_);
    host_ = std::make_unique<AccountStoreHost>(*repository_);
  }

  metrics::Registry metrics_;
  std::unique_ptr<streamit::testing::TempDir> dir_;
  std::unique_ptr<streamit::testing::ScratchPostgresDatabase> scratch_;
  std::unique_ptr<storage::Database> db_;  // destroyed before the scratch database is dropped
  std::unique_ptr<AccountRepository> repository_;
  std::unique_ptr<AccountStoreHost> host_;
};

TEST_P(AccountRepositoryTest, CreateFindAndUpdate) {
  const auto ann = repository_->create("ann", "$scrypt$hash-1", "Ann", 1000);
  ASSERT_TRUE(ann);
  EXPECT_GT(ann->id, 0);
  EXPECT_EQ(ann->username, "ann");
  EXPECT_EQ(ann->displayName, "Ann");
  EXPECT_EQ(ann->passwordHash, "$scrypt$hash-1");
  EXPECT_EQ(ann->createdMs, 1000);
  EXPECT_EQ(ann->lastLoginMs, 0);
  const auto bob = repository_->create("bob", "$scrypt$hash-2", "Bob", 1001);
  ASSERT_TRUE(bob);
  EXPECT_NE(bob->id, ann->id);

  EXPECT_FALSE(repository_->create("ann", "$scrypt$other", "Other Ann", 1002));
  EXPECT_FALSE(repository_->find("nobody"));
  EXPECT_FALSE(repository_->find("ANN"));  // exact match: folding is the plugin's job

  EXPECT_TRUE(repository_->setPasswordHash(ann->id, "$scrypt$hash-3", 2000));
  EXPECT_TRUE(repository_->recordLogin(ann->id, 3000));
  const auto found = repository_->find("ann");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, ann->id);
  EXPECT_EQ(found->passwordHash, "$scrypt$hash-3");
  EXPECT_EQ(found->lastLoginMs, 3000);
  EXPECT_FALSE(repository_->setPasswordHash(999'999, "$scrypt$x", 1));
  EXPECT_FALSE(repository_->recordLogin(999'999, 1));
}

TEST_P(AccountRepositoryTest, ConcurrentRegistrationsOfOneNameLetExactlyOneIn) {
  constexpr int kThreads = 4;
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        if (repository_->create("race", "$scrypt$" + std::to_string(i), "Racer", 1))
          ++created;
      } catch (const std::exception&) {
        // A busy SQLite or a serialization failure is not a second account either.
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(created.load(), 1);
  ASSERT_TRUE(repository_->find("race"));
}

TEST_P(AccountRepositoryTest, HostServiceSpeaksTheAbi) {
  AccountSink sink;
  ASSERT_EQ(host_->create(str("ann"), str("$scrypt$h"), str("Ann"), sink), STREAMIT_STATUS_OK);
  EXPECT_GT(sink.id, 0);
  EXPECT_EQ(sink.username, "ann");
  EXPECT_EQ(sink.lastLoginMs, 0);
  AccountSink again;
  EXPECT_EQ(host_->create(str("ann"), str("$scrypt$h"), str("Ann"), again),
            STREAMIT_STATUS_CONFLICT);
  EXPECT_EQ(host_->create(str(""), str("$scrypt$h"), str("Ann"), again),
            STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(host_->create(str("bob"), str(std::string(2000, 'x')), str("Bob"), again),
            STREAMIT_STATUS_INVALID_ARGUMENT);

  AccountSink found;
  ASSERT_EQ(host_->find(str("ann"), found), STREAMIT_STATUS_OK);
  EXPECT_EQ(found.id, sink.id);
  EXPECT_EQ(found.hash, "$scrypt$h");
  EXPECT_EQ(host_->find(str("nobody"), found), STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(host_->setPasswordHash(sink.id, str("$scrypt$h2")), STREAMIT_STATUS_OK);
  EXPECT_EQ(host_->recordLogin(sink.id, 42), STREAMIT_STATUS_OK);
  EXPECT_EQ(host_->recordLogin(999'999, 42), STREAMIT_STATUS_NOT_FOUND);
  ASSERT_EQ(host_->find(str("ann"), found), STREAMIT_STATUS_OK);
  EXPECT_EQ(found.hash, "$scrypt$h2");
  EXPECT_EQ(found.lastLoginMs, 42);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountRepositoryTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace streamit::auth
