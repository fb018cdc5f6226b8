// The REAL libmoderation_links.so loaded by the kernel's PluginManager and called through the
// kernel-side ModeratorClient; config validation as the kernel runs it.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "plugins/plugin_clients.h"
#include "plugins/plugin_manager.h"
#include "realtime/memory_store.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

class LinksPlugin : public ::testing::Test {
 protected:
  PluginStatus load(const std::string& configJson) {
    manager_.reset();
    manager_ = testing::loadSinglePlugin(STREAMIT_LINKS_PLUGIN_PATH, dir_, "libmoderation_links.so",
                                         "moderator.links", configJson, &store_, metrics_);
    return manager_->statuses().at(0);
  }
  ModeratorClient client(const std::string& configJson) {
    PluginStatus s = load(configJson);
    EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
    EXPECT_EQ(s.kind, "moderator");
    return ModeratorClient(manager_->moderator("moderator.links"));
  }
  static sdk::ChatMessage message(const std::string& text) { return {"room-1", "user-1", text}; }

  streamit::testing::TempDir tmp_{"streamit-links"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"streamit:", metrics_};
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(LinksPlugin, AllowListRejectsOtherHostsByDefault) {
  ModeratorClient c = client(R"({"domains":["good.com","Bücher.de"]})");
  EXPECT_EQ(c.moderate(message("see https://www.good.com/x")).value.action,
            STREAMIT_MODERATION_ALLOW);
  EXPECT_EQ(c.moderate(message("see xn--bcher-kva.de")).value.action, STREAMIT_MODERATION_ALLOW);
  EXPECT_EQ(c.moderate(message("no links at all")).value.action, STREAMIT_MODERATION_ALLOW);
  for (const char* text :
       {"evilgood.com", "http://good.com@evil.com", "EVIL.COM.", "http://good.com.evil.com/"}) {
    auto r = c.moderate(message(text));
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.value.action, STREAMIT_MODERATION_REJECT) << text;
    EXPECT_NE(r.value.reason.find("allow_list"), std::string::npos) << r.value.reason;
  }
}

TEST_F(LinksPlugin, DenyListAndDenyAll) {
  ModeratorClient deny = client(R"({"mode":"deny_list","domains":["evil.com"]})");
  EXPECT_EQ(deny.moderate(message("x.evil.com")).value.action, STREAMIT_MODERATION_REJECT);
  EXPECT_EQ(deny.moderate(message("notevil.com")).value.action, STREAMIT_MODERATION_ALLOW);

  ModeratorClient none = client(R"({"mode":"deny_all"})");
  EXPECT_EQ(none.moderate(message("http://good.com")).value.action, STREAMIT_MODERATION_REJECT);
  EXPECT_EQ(none.moderate(message("a plain sentence.")).value.action, STREAMIT_MODERATION_ALLOW);
}

TEST_F(LinksPlugin, StripReplacesOnlyTheRefusedLinks) {
  ModeratorClient c = client(R"({"domains":["good.com"],"action":"strip"})");
  auto r = c.moderate(message("(evil.com) and good.com/ok, then http://x.evil.com/a?b. 🎬"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.action, STREAMIT_MODERATION_REWRITE);
  EXPECT_EQ(r.value.rewritten_text, "([link removed]) and good.com/ok, then [link removed]. 🎬");
}

TEST_F(LinksPlugin, OddInputIsAnsweredNotThrown) {
  ModeratorClient c = client(R"({"mode":"deny_all"})");
  for (const std::string& text : {std::string(), std::string("\xff\xfe http://\xff"),
                                  std::string(4000, '.'), std::string("http://[", 8)}) {
    auto r = c.moderate(message(text));
    EXPECT_TRUE(r.ok()) << r.error;
  }
}

TEST_F(LinksPlugin, InvalidConfigIsRefusedNamingTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"mode":"allow_all"})", "mode"},
      {R"({"mode":"deny_list"})", "domains: must list at least one"},
      {R"({"mode":"deny_list","domains":[]})", "domains"},
      {R"({"mode":"deny_all","domains":["good.com"]})", "domains: must be empty"},
      {R"({"domains":"good.com"})", "domains"},
      {R"({"domains":[1]})", "domains"},
      {R"({"domains":["http://good.com"]})", "domains: entry 0 is not a host name"},
      {R"({"domains":["good.com","a..b"]})", "domains: entry 1"},
      {R"({"domains":[""]})", "domains: entry 0"},
      {R"({"action":"delete"})", "action"},
      {R"({"allow":["good.com"]})", "allow"},
  };
  for (const auto& [config, why] : cases) {
    PluginStatus s = load(config);
    EXPECT_NE(loadStateName(s.state), "loaded") << config;
    EXPECT_NE(s.reason.find(why), std::string::npos) << config << " → " << s.reason;
  }
  EXPECT_EQ(loadStateName(load("{}").state), "loaded");  // allow_list of nothing: no links
  EXPECT_EQ(
      loadStateName(load(R"({"mode":"deny_list","domains":["evil.com"],"action":"strip"})").state),
      "loaded");
}

}  // namespace
}  // namespace streamit::plugins
