// ChatService on both realtime stores (memory, Redis) with real moderator plugins loaded by the
// kernel's PluginManager, and the archive on SQLite and PostgreSQL.
#include "chat/chat_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "chat/chat_archive.h"
#include "config/plugin_config_check.h"
#include "plugin_test_support.h"
#include "realtime/keys.h"
#include "realtime/store_fixture.h"
#include "storage/migrator.h"
#include "storage/storage_factory.h"
#include "support/postgres_server.h"
#include "support/process.h"

namespace streamit::chat {
namespace {

namespace fs = std::filesystem;
using realtime::test::MemoryBackend;
using realtime::test::RedisBackend;

constexpr std::int64_t kT0 = 1'700'000'000'000;

fs::path chatFixture(const std::string& name) {
  return fs::path(STREAMIT_CHAT_FIXTURE_DIR) / ("libchat_fixture_" + name + ".so");
}

// (plugin id, library) in chain order.
using Chain = std::vector<std::pair<std::string, fs::path>>;

Chain fixtureModerator() {
  return {{"moderator.fixture", plugins::testing::fixturePath("moderator")}};
}

template <class Backend>
class ChatServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::make(metrics_, realtime::test::uniquePrefix());
    if (!store_) {
      if (streamit::testing::serversRequired())
        FAIL() << "STREAMIT_TEST_REDIS_* not set";
      GTEST_SKIP() << "no Redis configured";
    }
    limiter_ = std::make_unique<ratelimit::RateLimiter>(*store_, metrics_);
    storage::StorageConfig storageConfig;
    storageConfig.backend = storage::StorageConfig::Backend::kSqlite;
    storageConfig.sqlite.path = "db/chat.db";
    db_ = storage::openDatabase(storageConfig, tmp_.path().string(), metrics_);
    storage::Migrator(*db_).migrate();
    queue_ = std::make_unique<storage::WriteQueue>(*db_, storage::WriteQueue::Options{}, metrics_);
  }

  // Loads `chain` (in order) and builds the service. Call once per test.
  ChatService& service(ChatConfig config = {}, const Chain& chain = {}) {
    plugins::PluginManagerOptions options;
    options.validator = &config::checkPluginConfig;
    manager_ = std::make_unique<plugins::PluginManager>(options);
    if (!chain.empty()) {
      plugins::PluginsConfig pluginsConfig;
      pluginsConfig.directories = {pluginDir_.string()};
      for (const auto& [id, library] : chain) {
        const std::string file = "lib" + id + ".so";
        plugins::testing::installLibrary(library, pluginDir_, file);
        pluginsConfig.instances.push_back({id, file, true, "{}", 0});
      }
      for (const auto& status : manager_->loadAll(pluginsConfig))
        EXPECT_EQ(plugins::loadStateName(status.state), "loaded") << status.id << status.reason;
    }
    service_ = std::make_unique<ChatService>(*store_, *limiter_, *manager_, *queue_, *db_, config,
                                             "n1", metrics_);
    return *service_;
  }

  std::string metricsText() { return metrics_.renderPrometheus(); }

  metrics::Registry metrics_;
  streamit::testing::TempDir tmp_{"streamit-chat"};
  fs::path pluginDir_ = tmp_.path() / "plugins";
  std::unique_ptr<realtime::RealtimeStore> store_;
  std::unique_ptr<ratelimit::RateLimiter> limiter_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::WriteQueue> queue_;
  std::unique_ptr<plugins::PluginManager> manager_;
  std::unique_ptr<ChatService> service_;
};

TYPED_TEST_SUITE(ChatServiceTest, streamit::realtime::test::StoreBackends,
                 streamit::realtime::test::StoreBackendNames);

const Sender kAnn{"user-ann", "Ann"};
const Sender kBob{"user-bob", "Bob"};

TYPED_TEST(ChatServiceTest, AcceptsAndStoresAMessage) {
  auto& chat = this->service();
  const auto outcome = chat.send("ROOM1", kAnn, "hello <b>there</b>", kT0);
  ASSERT_TRUE(outcome.accepted.has_value()) << outcome.message;
  EXPECT_FALSE(outcome.refused.has_value());
  EXPECT_EQ(outcome.accepted->text, "hello <b>there</b>");  // stored as text, never as markup
  EXPECT_EQ(outcome.accepted->user_id, "user-ann");
  EXPECT_EQ(outcome.accepted->display_name, "Ann");
  EXPECT_EQ(outcome.accepted->ts_ms, kT0);
  const auto recent = chat.recent("ROOM1", 10);
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0], *outcome.accepted);
  EXPECT_TRUE(chat.recent("ROOM2", 10).empty());
}

TYPED_TEST(ChatServiceTest, RefusalsComeInOrderDisabledMutedRateLimitedModeration) {
  ChatConfig config;
  config.user_burst = 2;
  config.user_rate_per_s = 0.01;  // no refill within the test
  auto& chat = this->service(config, fixtureModerator());
  chat.mute("ROOM1", kAnn.user_id, 10, kT0);
  chat.setEnabled("ROOM1", false);
  // Disabled beats muted.
  auto outcome = chat.send("ROOM1", kAnn, "hi", kT0 + 1000);
  ASSERT_TRUE(outcome.refused.has_value());
  EXPECT_EQ(outcome.refused->code, http::errors::kChatDisabled.code);
  chat.setEnabled("ROOM1", true);
  // Muted beats the rate limit, and a muted user's attempts spend no tokens.
  for (int i = 0; i < 5; ++i) {
    outcome = chat.send("ROOM1", kAnn, "hi", kT0 + 3000);
    ASSERT_TRUE(outcome.refused.has_value());
    EXPECT_EQ(outcome.refused->code, http::errors::kMuted.code);
    EXPECT_EQ(outcome.retry_after_ms, 7000);
  }
  // The mute is over at its deadline; the burst is intact.
  ASSERT_TRUE(chat.send("ROOM1", kAnn, "one", kT0 + 10'000).accepted.has_value());
  ASSERT_TRUE(chat.send("ROOM1", kAnn, "two", kT0 + 10'001).accepted.has_value());
  // Rate limited beats moderation: the spam is never shown to the moderator.
  outcome = chat.send("ROOM1", kAnn, "buy spam", kT0 + 10'002);
  ASSERT_TRUE(outcome.refused.has_value());
  EXPECT_EQ(outcome.refused->code, http::errors::kRateLimited.code);
  EXPECT_GT(outcome.retry_after_ms, 0);
  // Moderation last: Bob has his own bucket.
  outcome = chat.send("ROOM1", kBob, "buy spam", kT0 + 10'003);
  ASSERT_TRUE(outcome.refused.has_value());
  EXPECT_EQ(outcome.refused->code, http::errors::kMessageRejected.code);
  EXPECT_EQ(outcome.message, "spam");
  EXPECT_EQ(chat.recent("ROOM1", 10).size(), 2u);
  const std::string text = this->metricsText();
  EXPECT_NE(text.find("streamit_chat_refused_total{reason=\"muted\"} 5"), std::string::npos);
  EXPECT_NE(text.find("streamit_chat_refused_total{reason=\"moderation\"} 1"), std::string::npos);
}

TYPED_TEST(ChatServiceTest, RateLimitHoldsBurstPlusRateTimesT) {
  ChatConfig config;
  config.user_burst = 5;
  config.user_rate_per_s = 4;
  auto& chat = this->service(config);
  int allowed = 0;
  int limited = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 40; ++i) {
    const auto outcome = chat.send("ROOM1", kAnn, "flood", kT0);
    if (outcome.accepted) {
      ++allowed;
    } else {
      ASSERT_EQ(outcome.refused->code, http::errors::kRateLimited.code);
      EXPECT_GT(outcome.retry_after_ms, 0);
      EXPECT_LE(outcome.retry_after_ms, 250);
      ++limited;
    }
  }
  const double elapsedS =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // The limiter runs on the store's clock: over the window t the loop took, at most
  // burst + rate·t (+1 for a window edge) pass, and at least the burst does.
  EXPECT_GE(allowed, 5);
  EXPECT_LE(allowed, static_cast<int>(5 + 4 * elapsedS) + 1) << "t=" << elapsedS;
  EXPECT_GT(limited, 0);
  // Another user and another room have their own buckets.
  EXPECT_TRUE(chat.send("ROOM1", kBob, "hi", kT0).accepted.has_value());
  EXPECT_TRUE(chat.send("ROOM2", kAnn, "hi", kT0).accepted.has_value());
}

TYPED_TEST(ChatServiceTest, ModerationChainRunsInConfigOrderWithRewrites) {
  Chain chain = fixtureModerator();
  chain.push_back({"moderator.chat_upper", chatFixture("upper")});
  auto& chat = this->service({}, chain);
  // fixture masks "darn", then upper-cases what it got.
  auto outcome = chat.send("ROOM1", kAnn, "oh darn it", kT0);
  ASSERT_TRUE(outcome.accepted.has_value()) << outcome.message;
  EXPECT_EQ(outcome.accepted->text, "OH **** IT");
  EXPECT_EQ(chat.recent("ROOM1", 1).at(0).text, "OH **** IT");
  outcome = chat.send("ROOM1", kBob, "no spam please", kT0);
  ASSERT_TRUE(outcome.refused.has_value());
  EXPECT_EQ(outcome.refused->code, http::errors::kMessageRejected.code);
  EXPECT_EQ(outcome.message, "spam");
}

TYPED_TEST(ChatServiceTest, ModerationChainOrderMatters) {
  Chain chain{{"moderator.chat_upper", chatFixture("upper")}};
  chain.push_back(fixtureModerator().front());
  auto& chat = this->service({}, chain);
  // Upper-cased first, the fixture no longer sees "darn" nor "spam".
  auto outcome = chat.send("ROOM1", kAnn, "oh darn spam", kT0);
  ASSERT_TRUE(outcome.accepted.has_value()) << outcome.message;
  EXPECT_EQ(outcome.accepted->text, "OH DARN SPAM");
}

TYPED_TEST(ChatServiceTest, SlowModeratorFailsOpen) {
  ChatConfig config;
  config.moderation_budget_ms = 20;
  config.moderation_fail_open = true;
  Chain chain{{"moderator.chat_slow", chatFixture("slow")}};
  chain.push_back(fixtureModerator().front());
  auto& chat = this->service(config, chain);
  // Over budget: allowed as is; the rest of the chain is skipped (so "darn" stays).
  const auto outcome = chat.send("ROOM1", kAnn, "darn", kT0);
  ASSERT_TRUE(outcome.accepted.has_value()) << outcome.message;
  EXPECT_EQ(outcome.accepted->text, "darn");
  EXPECT_NE(this->metricsText().find("streamit_chat_moderation_failures_total{policy=\"open\"} 1"),
            std::string::npos);
}

TYPED_TEST(ChatServiceTest, SlowModeratorFailsClosed) {
  ChatConfig config;
  config.moderation_budget_ms = 20;
  config.moderation_fail_open = false;
  auto& chat = this->service(config, {{"moderator.chat_slow", chatFixture("slow")}});
  const auto outcome = chat.send("ROOM1", kAnn, "hello", kT0);
  ASSERT_TRUE(outcome.refused.has_value());
  EXPECT_EQ(outcome.refused->code, http::errors::kMessageRejected.code);
  EXPECT_TRUE(chat.recent("ROOM1", 10).empty());
  EXPECT_NE(
      this->metricsText().find("streamit_chat_moderation_failures_total{policy=\"closed\"} 1"),
      std::string::npos);
}

TYPED_TEST(ChatServiceTest, ThrowingModeratorFailsOpenAndTheChainGoesOn) {
  Chain chain{{"moderator.chat_throws", chatFixture("throws")}};
  chain.push_back(fixtureModerator().front());
  auto& chat = this->service({}, chain);
  // The failing plugin is skipped; the next one still masks.
  auto outcome = chat.send("ROOM1", kAnn, "boom darn", kT0);
  ASSERT_TRUE(outcome.accepted.has_value()) << outcome.message;
  EXPECT_EQ(outcome.accepted->text, "boom ****");
  outcome = chat.send("ROOM1", kAnn, "boom spam", kT0);
  ASSERT_TRUE(outcome.refused.has_value());
  EXPECT_EQ(outcome.message, "spam");
}

TYPED_TEST(ChatServiceTest, ThrowingModeratorFailsClosed) {
  ChatConfig config;
  config.moderation_fail_open = false;
  auto& chat = this->service(config, {{"moderator.chat_throws", chatFixture("throws")}});
  auto outcome = chat.send("ROOM1", kAnn, "boom", kT0);
  ASSERT_TRUE(outcome.refused.has_value());
  EXPECT_EQ(outcome.refused->code, http::errors::kMessageRejected.code);
  // A plugin that answers is not a failure.
  EXPECT_TRUE(chat.send("ROOM1", kAnn, "fine", kT0).accepted.has_value());
}

TYPED_TEST(ChatServiceTest, HistoryPagesWithTheCursor) {
  ChatConfig config;
  config.user_burst = 100;
  auto& chat = this->service(config);
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    const auto outcome = chat.send("ROOM1", kAnn, "m" + std::to_string(i), kT0 + i);
    ASSERT_TRUE(outcome.accepted.has_value());
    ids.push_back(outcome.accepted->id);
  }
  auto page = chat.history("ROOM1", std::nullopt, 3);
  ASSERT_EQ(page.messages.size(), 3u);
  EXPECT_EQ(page.messages[0].id, ids[4]);
  EXPECT_EQ(page.messages[2].id, ids[6]);
  ASSERT_EQ(page.next_before, ids[4]);
  page = chat.history("ROOM1", page.next_before, 3);
  ASSERT_EQ(page.messages.size(), 3u);
  EXPECT_EQ(page.messages[0].text, "m1");
  EXPECT_EQ(page.messages[2].text, "m3");
  ASSERT_EQ(page.next_before, ids[1]);
  page = chat.history("ROOM1", page.next_before, 3);
  ASSERT_EQ(page.messages.size(), 1u);
  EXPECT_EQ(page.messages[0].id, ids[0]);
  EXPECT_FALSE(page.next_before.has_value());
  // An exact fit has no next page either.
  page = chat.history("ROOM1", ids[3], 3);
  EXPECT_EQ(page.messages.size(), 3u);
  EXPECT_FALSE(page.next_before.has_value());
  // A cursor whose own message was deleted still works (ids sort by time).
  ASSERT_TRUE(chat.remove("ROOM1", ids[5]));
  page = chat.history("ROOM1", ids[5], 2);
  ASSERT_EQ(page.messages.size(), 2u);
  EXPECT_EQ(page.messages[1].id, ids[4]);
  const auto recent = chat.recent("ROOM1", 2);
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].id, ids[4]);
  EXPECT_EQ(recent[1].id, ids[6]);
}

TYPED_TEST(ChatServiceTest, HistoryIsCappedAndExpires) {
  ChatConfig config;
  config.user_burst = 100;
  config.history_max = 3;
  config.history_ttl_s = 120;
  auto& chat = this->service(config);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(chat.send("ROOM1", kAnn, "m" + std::to_string(i), kT0 + i).accepted.has_value());
  const auto all = chat.history("ROOM1", std::nullopt, 100);
  ASSERT_EQ(all.messages.size(), 3u);
  EXPECT_EQ(all.messages[0].text, "m2");
  const auto ttl = this->store_->pttl(realtime::keys::roomChat("ROOM1"));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 120'000);
}

TYPED_TEST(ChatServiceTest, DeleteRemovesExactlyOneMessage) {
  ChatConfig config;
  config.user_burst = 100;
  auto& chat = this->service(config);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(chat.send("ROOM1", kAnn, "m" + std::to_string(i), kT0 + i).accepted->id);
  EXPECT_TRUE(chat.remove("ROOM1", ids[1]));
  EXPECT_FALSE(chat.remove("ROOM1", ids[1]));
  EXPECT_FALSE(chat.remove("ROOM1", "no-such-id"));
  EXPECT_FALSE(chat.remove("ROOM2", ids[0]));
  const auto left = chat.recent("ROOM1", 10);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].id, ids[0]);
  EXPECT_EQ(left[1].id, ids[2]);
  EXPECT_GT(this->store_->pttl(realtime::keys::roomChat("ROOM1")), 0);
  // New messages still append after the delete.
  chat.send("ROOM1", kAnn, "m3", kT0 + 3);
  EXPECT_EQ(chat.recent("ROOM1", 10).back().text, "m3");
}

TYPED_TEST(ChatServiceTest, MuteExpiresAndCanBeLongerOrLifted) {
  auto& chat = this->service();
  chat.mute("ROOM1", kAnn.user_id, 30, kT0);
  EXPECT_EQ(chat.mutedUntil("ROOM1", kAnn.user_id, kT0), kT0 + 30'000);
  EXPECT_FALSE(chat.mutedUntil("ROOM1", kBob.user_id, kT0).has_value());
  EXPECT_FALSE(chat.mutedUntil("ROOM2", kAnn.user_id, kT0).has_value());
  EXPECT_EQ(chat.send("ROOM1", kAnn, "hi", kT0 + 29'999).refused->code, http::errors::kMuted.code);
  EXPECT_TRUE(chat.send("ROOM1", kAnn, "hi", kT0 + 30'000).accepted.has_value());
  // A short mute of one user does not shorten the key that holds a longer one of another.
  chat.mute("ROOM1", kBob.user_id, 3600, kT0);
  chat.mute("ROOM1", kAnn.user_id, 1, kT0);
  EXPECT_GT(this->store_->pttl(realtime::keys::roomChatMutes("ROOM1")), 3'000'000);
  // duration 0 lifts a mute.
  chat.mute("ROOM1", kBob.user_id, 0, kT0);
  EXPECT_FALSE(chat.mutedUntil("ROOM1", kBob.user_id, kT0).has_value());
}

TYPED_TEST(ChatServiceTest, KickRecordsARejoinBlock) {
  auto& chat = this->service();
  EXPECT_FALSE(chat.blockedUntil("ROOM1", kAnn.user_id, kT0).has_value());
  chat.kick("ROOM1", kAnn.user_id, 60, kT0);
  EXPECT_EQ(chat.blockedUntil("ROOM1", kAnn.user_id, kT0 + 1000), kT0 + 60'000);
  EXPECT_FALSE(chat.blockedUntil("ROOM1", kAnn.user_id, kT0 + 60'000).has_value());
  EXPECT_FALSE(chat.blockedUntil("ROOM2", kAnn.user_id, kT0).has_value());
  const auto ttl = this->store_->pttl(realtime::keys::roomChatKicks("ROOM1"));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 60'000);
  // Kick without a block (duration 0) lifts an earlier block.
  chat.kick("ROOM1", kAnn.user_id, 0, kT0);
  EXPECT_FALSE(chat.blockedUntil("ROOM1", kAnn.user_id, kT0).has_value());
  // A kick does not mute: the block is about joining.
  EXPECT_TRUE(chat.send("ROOM1", kAnn, "hi", kT0).accepted.has_value());
}

TYPED_TEST(ChatServiceTest, SettingsPerRoomWithTheConfiguredDefault) {
  ChatConfig config;
  config.enabled_by_default = false;
  auto& chat = this->service(config);
  EXPECT_FALSE(chat.enabled("ROOM1"));
  EXPECT_EQ(chat.send("ROOM1", kAnn, "hi", kT0).refused->code, http::errors::kChatDisabled.code);
  chat.setEnabled("ROOM1", true);
  EXPECT_TRUE(chat.enabled("ROOM1"));
  EXPECT_FALSE(chat.enabled("ROOM2"));
  EXPECT_TRUE(chat.send("ROOM1", kAnn, "hi", kT0).accepted.has_value());
  chat.setEnabled("ROOM1", false);
  EXPECT_FALSE(chat.enabled("ROOM1"));
}

TYPED_TEST(ChatServiceTest, EveryKeyCarriesATtl) {
  auto& chat = this->service();
  chat.setEnabled("ROOM1", true);
  chat.mute("ROOM1", kBob.user_id, 5, kT0);
  chat.kick("ROOM1", "user-eve", 5, kT0);
  const auto outcome = chat.send("ROOM1", kAnn, "hi", kT0);
  ASSERT_TRUE(outcome.accepted.has_value());
  chat.send("ROOM1", kAnn, "hi again", kT0);
  chat.remove("ROOM1", outcome.accepted->id);
  const auto keys = this->store_->scan("*");
  EXPECT_GE(keys.size(), 5u);  // history, settings, mutes, kicks, rate limit
  for (const auto& key : keys)
    EXPECT_GT(this->store_->pttl(key), 0) << key;
}

TYPED_TEST(ChatServiceTest, ArchiveIsOffByDefault) {
  auto& chat = this->service();
  ASSERT_TRUE(chat.send("ROOM1", kAnn, "hi", kT0).accepted.has_value());
  ASSERT_TRUE(this->queue_->drain(std::chrono::seconds(10)));
  EXPECT_TRUE(archivedMessages(*this->db_, "ROOM1").empty());
  EXPECT_EQ(chat.purgeArchive(kT0), 0u);
}

TEST(ChatServiceStoreDown, SendDegradesOpenAndStillLimits) {
  metrics::Registry metrics;
  streamit::testing::TempDir tmp("streamit-chat-down");
  auto store = plugins::testing::unreachableRedisStore(metrics);
  ratelimit::RateLimiter limiter(*store, metrics);
  storage::StorageConfig storageConfig;
  storageConfig.backend = storage::StorageConfig::Backend::kSqlite;
  storageConfig.sqlite.path = "db/chat.db";
  auto db = storage::openDatabase(storageConfig, tmp.path().string(), metrics);
  storage::WriteQueue queue(*db, storage::WriteQueue::Options{}, metrics);
  plugins::PluginManagerOptions options;
  options.validator = &config::checkPluginConfig;
  plugins::PluginManager manager(options);
  ChatConfig config;
  config.user_burst = 2;
  config.user_rate_per_s = 0.01;
  ChatService chat(*store, limiter, manager, queue, *db, config, "n1", metrics);
  // Enabled by default, nobody muted, delivered live though not stored...
  const auto outcome = chat.send("ROOM1", kAnn, "still here", kT0);
  ASSERT_TRUE(outcome.accepted.has_value()) << outcome.message;
  EXPECT_EQ(outcome.accepted->text, "still here");
  // ... and the per-process fallback still holds the user to the burst.
  EXPECT_TRUE(chat.send("ROOM1", kAnn, "two", kT0).accepted.has_value());
  const auto third = chat.send("ROOM1", kAnn, "three", kT0);
  ASSERT_TRUE(third.refused.has_value());
  EXPECT_EQ(third.refused->code, http::errors::kRateLimited.code);
  EXPECT_NE(metrics.renderPrometheus().find("streamit_chat_store_errors_total"), std::string::npos);
  // Reads and host controls report the outage instead of guessing.
  EXPECT_THROW(chat.history("ROOM1", std::nullopt, 10), realtime::StoreUnavailable);
  EXPECT_THROW(chat.setEnabled("ROOM1", false), realtime::StoreUnavailable);
}

// The archive on each database, with the memory store.
class ChatArchiveTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    storage::StorageConfig config;
    if (GetParam() == "sqlite") {
      config.backend = storage::StorageConfig::Backend::kSqlite;
      config.sqlite.path = "db/chat.db";
    } else {
      const auto shared = streamit::testing::sharedPostgresConfig();
      if (!shared) {
        if (streamit::testing::serversRequired())
          FAIL() << "STREAMIT_TEST_REQUIRE_SERVERS=1 but STREAMIT_TEST_PG_HOST/PORT are unset";
        GTEST_SKIP() << "no PostgreSQL test server";
      }
      scratch_ = std::make_unique<streamit::testing::ScratchPostgresDatabase>(*shared);
      config.backend = storage::StorageConfig::Backend::kPostgres;
      config.postgres = scratch_->config();
    }
    config.pool_size = 2;
    db_ = storage::openDatabase(config, tmp_.path().string(), metrics_);
    storage::Migrator(*db_).migrate();
    store_ = std::make_unique<realtime::MemoryStore>(realtime::test::uniquePrefix(), metrics_);
    limiter_ = std::make_unique<ratelimit::RateLimiter>(*store_, metrics_);
    queue_ = std::make_unique<storage::WriteQueue>(*db_, storage::WriteQueue::Options{}, metrics_);
    plugins::PluginManagerOptions options;
    options.validator = &config::checkPluginConfig;
    manager_ = std::make_unique<plugins::PluginManager>(options);
  }

  metrics::Registry metrics_;
  streamit::testing::TempDir tmp_{"streamit-chat-archive"};
  std::unique_ptr<streamit::testing::ScratchPostgresDatabase> scratch_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<realtime::RealtimeStore> store_;
  std::unique_ptr<ratelimit::RateLimiter> limiter_;
  std::unique_ptr<storage::WriteQueue> queue_;
  std::unique_ptr<plugins::PluginManager> manager_;
};

TEST_P(ChatArchiveTest, WritesRowsAndPurgesPastTheRetention) {
  ChatConfig config;
  config.archive = true;
  config.archive_retention_s = 3600;
  config.user_burst = 100;
  ChatService chat(*store_, *limiter_, *manager_, *queue_, *db_, config, "n1", metrics_);
  const auto first = chat.send("ROOM1", kAnn, "first <i>", kT0);
  ASSERT_TRUE(first.accepted.has_value());
  ASSERT_TRUE(chat.send("ROOM1", kBob, "second", kT0 + 2'000'000).accepted.has_value());
  ASSERT_TRUE(chat.send("ROOM2", kAnn, "elsewhere", kT0 + 3'000'000).accepted.has_value());
  ASSERT_TRUE(queue_->drain(std::chrono::seconds(10)));
  auto rows = archivedMessages(*db_, "ROOM1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], *first.accepted);
  EXPECT_EQ(rows[1].text, "second");
  // Retention 1 h: at kT0 + 1 h + 1 s only the first message is older than the cutoff.
  EXPECT_EQ(chat.purgeArchive(kT0 + 3'601'000), 1u);
  rows = archivedMessages(*db_, "ROOM1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].text, "second");
  EXPECT_EQ(archivedMessages(*db_, "ROOM2").size(), 1u);
  EXPECT_EQ(chat.purgeArchive(kT0 + 100'000'000), 2u);
  EXPECT_TRUE(archivedMessages(*db_, "ROOM2").empty());
}

INSTANTIATE_TEST_SUITE_P(Databases, ChatArchiveTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param) { return param.param; });

}  // namespace
}  // namespace streamit::chat
