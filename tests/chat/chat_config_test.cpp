// The `chat:` config section: defaults, every key read, invalid values refused by name.
#include <gtest/gtest.h>

#include <string>

#include "config/config_error.h"
#include "config/environment.h"
#include "config/loader.h"

namespace streamit::chat {
namespace {

config::KernelConfig load(const std::string& yaml) {
  return config::loadConfigText(yaml, "chat.yaml", "/tmp", config::MapEnvironment());
}

TEST(ChatConfig, DefaultsMatchTheStruct) {
  const auto config = load("data_dir: data\n");
  const ChatConfig defaults;
  EXPECT_EQ(config.chat.enabled_by_default, defaults.enabled_by_default);
  EXPECT_EQ(config.chat.history_max, 200);
  EXPECT_EQ(config.chat.history_ttl_s, 86400);
  EXPECT_DOUBLE_EQ(config.chat.user_rate_per_s, 1.0);
  EXPECT_EQ(config.chat.user_burst, 5);
  EXPECT_EQ(config.chat.batch_window_ms, 50);
  EXPECT_EQ(config.chat.batch_max, 50u);
  EXPECT_EQ(config.chat.moderation_budget_ms, 200);
  EXPECT_TRUE(config.chat.moderation_fail_open);
  EXPECT_FALSE(config.chat.archive);
  EXPECT_EQ(config.chat.archive_retention_s, 604800);
}

TEST(ChatConfig, EveryKeyIsRead) {
  const auto config = load(
      "chat:\n"
      "  enabled_by_default: false\n"
      "  history_max: 10\n"
      "  history_ttl_s: 600\n"
      "  user_rate_per_s: 0.5\n"
      "  user_burst: 3\n"
      "  batch_window_ms: 20\n"
      "  batch_max: 7\n"
      "  moderation_budget_ms: 80\n"
      "  moderation_fail_open: false\n"
      "  archive: true\n"
      "  archive_retention_s: 7200\n");
  EXPECT_FALSE(config.chat.enabled_by_default);
  EXPECT_EQ(config.chat.history_max, 10);
  EXPECT_EQ(config.chat.history_ttl_s, 600);
  EXPECT_DOUBLE_EQ(config.chat.user_rate_per_s, 0.5);
  EXPECT_EQ(config.chat.user_burst, 3);
  EXPECT_EQ(config.chat.batch_window_ms, 20);
  EXPECT_EQ(config.chat.batch_max, 7u);
  EXPECT_EQ(config.chat.moderation_budget_ms, 80);
  EXPECT_FALSE(config.chat.moderation_fail_open);
  EXPECT_TRUE(config.chat.archive);
  EXPECT_EQ(config.chat.archive_retention_s, 7200);
}

TEST(ChatConfig, InvalidValuesAreRefusedByName) {
  for (const auto& [yaml, path] : std::initializer_list<std::pair<std::string, std::string>>{
           {"chat:\n  user_burst: 0\n", "chat.user_burst"},
           {"chat:\n  history_max: 0\n", "chat.history_max"},
           {"chat:\n  moderation_fail_open: maybe\n", "chat.moderation_fail_open"},
           {"chat:\n  user_rate_per_s: -1\n", "chat.user_rate_per_s"},
           {"chat:\n  unknown_key: 1\n", "chat.unknown_key"},
       }) {
    try {
      load(yaml);
      ADD_FAILURE() << yaml << " was accepted";
    } catch (const config::ConfigError& error) {
      ASSERT_FALSE(error.issues().empty());
      EXPECT_EQ(error.issues().front().path, path) << error.what();
    }
  }
}

}  // namespace
}  // namespace streamit::chat
