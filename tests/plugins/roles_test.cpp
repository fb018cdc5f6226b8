// The non-provider roles end to end: fixture library → loader → kernel-side client.
#include <gtest/gtest.h>

#include "config/plugin_config_check.h"
#include "plugin_test_support.h"
#include "plugins/plugin_clients.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

namespace fs = std::filesystem;

class RolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PluginsConfig config;
    config.directories = {dir_.string()};
    for (std::string role : {"auth", "moderator", "catalog"}) {
      testing::installLibrary(testing::fixturePath(role), dir_, "lib" + role + ".so");
      config.instances.push_back({role + ".fixture", "lib" + role + ".so", true, "{}", 0});
    }
    PluginManagerOptions options;
    options.validator = &config::checkPluginConfig;
    manager_ = std::make_unique<PluginManager>(options);
    for (const auto& s : manager_->loadAll(config)) {
      ASSERT_EQ(loadStateName(s.state), "loaded") << s.id << ": " << s.reason;
    }
  }
  streamit::testing::TempDir tmp_{"streamit-plugins"};
  fs::path dir_ = tmp_.path() / "plugins";
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(RolesTest, AccessorsReturnEachRoleOnlyUnderItsKind) {
  EXPECT_EQ(manager_->authSchemes().size(), 1u);
  EXPECT_EQ(manager_->moderators().size(), 1u);
  EXPECT_EQ(manager_->catalogs().size(), 1u);
  EXPECT_TRUE(manager_->providers().empty());
  EXPECT_EQ(manager_->provider("auth.fixture"), nullptr);
  EXPECT_NE(manager_->authScheme("auth.fixture"), nullptr);
  EXPECT_TRUE(manager_->checkHealth().ok);
}

TEST_F(RolesTest, AuthSchemeMapsCredentialsAndTokensToPrincipals) {
  AuthClient auth(manager_->authScheme("auth.fixture"));
  auto ok = auth.authenticate(R"({"username":"ann","password":"pw"})");
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.value.subject, "user-ann");
  EXPECT_EQ(ok.value.scopes, (std::vector<std::string>{"room:join", "chat:write"}));
  auto bad = auth.authenticate("{}");
  EXPECT_EQ(bad.status, STREAMIT_STATUS_DENIED);
  EXPECT_EQ(bad.error, "bad credentials");
  auto token = auth.validateToken("token-ann");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token.value.expires_at_ms, 1700000000000);
  EXPECT_EQ(auth.validateToken("forged").status, STREAMIT_STATUS_DENIED);
}

TEST_F(RolesTest, ModeratorAllowsRejectsAndRewrites) {
  ModeratorClient moderator(manager_->moderator("moderator.fixture"));
  auto allow = moderator.moderate({"ROOM1", "u1", "hello"});
  ASSERT_TRUE(allow.ok());
  EXPECT_EQ(allow.value.action, STREAMIT_MODERATION_ALLOW);
  auto reject = moderator.moderate({"ROOM1", "u1", "buy spam"});
  EXPECT_EQ(reject.value.action, STREAMIT_MODERATION_REJECT);
  EXPECT_EQ(reject.value.reason, "spam");
  auto rewrite = moderator.moderate({"ROOM1", "u1", "oh darn it"});
  EXPECT_EQ(rewrite.value.action, STREAMIT_MODERATION_REWRITE);
  EXPECT_EQ(rewrite.value.rewritten_text, "oh **** it");
}

TEST_F(RolesTest, CatalogSearchDetailsAndEpisodesAreNormalizedAndPaginated) {
  CatalogClient catalog(manager_->catalog("catalog.fixture"));
  auto page = catalog.search({"matrix", "movie", 0, 2, 2});
  ASSERT_TRUE(page.ok()) << page.error;
  ASSERT_EQ(page.value.items.size(), 2u);
  EXPECT_EQ(page.value.items[1].title, "matrix 1");
  EXPECT_EQ(page.value.page, 2u);
  EXPECT_EQ(page.value.total_pages, 4u);
  EXPECT_EQ(page.value.total_results, 12u);
  auto details = catalog.details("tmdb:603");
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details.value.title, "The Matrix");
  EXPECT_EQ(catalog.details("tmdb:1").status, STREAMIT_STATUS_NOT_FOUND);
  auto episodes = catalog.episodes("tmdb:1399", 3);
  ASSERT_TRUE(episodes.ok());
  ASSERT_EQ(episodes.value.size(), 2u);
  EXPECT_EQ(episodes.value[1].id, "tmdb:1399:s3e2");
  EXPECT_EQ(episodes.value[1].episode_number, 2u);
}

}  // namespace
}  // namespace streamit::plugins
