// The REAL libmoderation_wordfilter.so loaded by the kernel's PluginManager and called through
// the kernel-side ModeratorClient; config validation as the kernel runs it.
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

class WordfilterPlugin : public ::testing::Test {
 protected:
  PluginStatus load(const std::string& configJson) {
    manager_.reset();
    manager_ = testing::loadSinglePlugin(STREAMIT_WORDFILTER_PLUGIN_PATH, dir_,
                                         "libmoderation_wordfilter.so", "moderator.wordfilter",
                                         configJson, &store_, metrics_);
    return manager_->statuses().at(0);
  }
  ModeratorClient client(const std::string& configJson) {
    PluginStatus s = load(configJson);
    EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
    EXPECT_EQ(s.kind, "moderator");
    return ModeratorClient(manager_->moderator("moderator.wordfilter"));
  }
  static sdk::ChatMessage message(const std::string& text) { return {"room-1", "user-1", text}; }

  streamit::testing::TempDir tmp_{"streamit-wordfilter"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"streamit:", metrics_};
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(WordfilterPlugin, MasksByDefault) {
  ModeratorClient c = client(R"({"words":["bad","heck"]})");
  auto r = c.moderate(message("so B.A.D, what the h3ck 🎬"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.action, STREAMIT_MODERATION_REWRITE);
  EXPECT_EQ(r.value.rewritten_text, "so *****, what the **** 🎬");

  auto clean = c.moderate(message("a perfectly fine badge"));
  ASSERT_TRUE(clean.ok()) << clean.error;
  EXPECT_EQ(clean.value.action, STREAMIT_MODERATION_ALLOW);
  EXPECT_TRUE(clean.value.rewritten_text.empty());
}

TEST_F(WordfilterPlugin, RejectNamesTheRuleNotTheWord) {
  ModeratorClient c = client(R"({"words":["nice","bad"],"action":"reject"})");
  auto r = c.moderate(message("so baaad"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.action, STREAMIT_MODERATION_REJECT);
  EXPECT_NE(r.value.reason.find("words[1]"), std::string::npos) << r.value.reason;
  EXPECT_EQ(r.value.reason.find("bad"), std::string::npos) << r.value.reason;
  EXPECT_EQ(c.moderate(message("fine")).value.action, STREAMIT_MODERATION_ALLOW);
}

TEST_F(WordfilterPlugin, MaskCharAndSubstrings) {
  ModeratorClient c = client(R"({"words":["ass"],"mask_char":"#","match_substrings":true})");
  auto r = c.moderate(message("first class"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.rewritten_text, "first cl###");

  ModeratorClient whole = client(R"({"words":["ass"],"mask_char":"\u2022"})");
  EXPECT_EQ(whole.moderate(message("first class")).value.action, STREAMIT_MODERATION_ALLOW);
  EXPECT_EQ(whole.moderate(message("you @$$")).value.rewritten_text, "you •••");
}

TEST_F(WordfilterPlugin, OddInputIsAnsweredNotThrown) {
  ModeratorClient c = client(R"({"words":["bad"]})");
  for (const std::string& text : {std::string(), std::string("\xff\xfe bad \xc3"),
                                  std::string(4000, 'a'), std::string("\0bad", 4)}) {
    auto r = c.moderate(message(text));
    EXPECT_TRUE(r.ok()) << r.error;
  }
  std::string longText;
  for (int i = 0; i < 333; ++i)
    longText += "b ";  // 666 code points of one long spaced run
  auto r = c.moderate(message(longText + "a d"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.action, STREAMIT_MODERATION_REWRITE);
}

TEST_F(WordfilterPlugin, InvalidConfigIsRefusedNamingTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({})", "words"},
      {R"({"words":[]})", "words"},
      {R"({"words":"bad"})", "words"},
      {R"({"words":[1]})", "words"},
      {R"({"words":[""]})", "words: entry 0 must not be empty"},
      {R"({"words":["ok","two words"]})", "words: entry 1"},
      {R"({"words":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]})",
       "longer than 64"},
      {R"({"words":["bad"],"action":"delete"})", "action"},
      {R"({"words":["bad"],"mask_char":""})", "mask_char"},
      {R"({"words":["bad"],"mask_char":"**"})", "mask_char"},
      {R"({"words":["bad"],"mask_char":" "})", "mask_char"},
      {R"({"words":["bad"],"mask_char":"e\u0301"})", "mask_char"},
      {R"({"words":["bad"],"match_substrings":"yes"})", "match_substrings"},
      {R"({"words":["bad"],"mode":"strict"})", "mode"},
  };
  for (const auto& [config, why] : cases) {
    PluginStatus s = load(config);
    EXPECT_NE(loadStateName(s.state), "loaded") << config;
    EXPECT_NE(s.reason.find(why), std::string::npos) << config << " → " << s.reason;
  }
  EXPECT_EQ(loadStateName(load(R"({"words":["bad"],"action":"reject","mask_char":"x",
                                    "match_substrings":false})")
                              .state),
            "loaded");
}

}  // namespace
}  // namespace streamit::plugins
