// The REAL libauth_guest.so loaded by the kernel's PluginManager and called through the
// kernel-side AuthClient.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>
#include <string>

#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "plugins/plugin_clients.h"
#include "plugins/plugin_manager.h"
#include "realtime/memory_store.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

class AuthGuestPlugin : public ::testing::Test {
 protected:
  PluginStatus load(const std::string& configJson) {
    manager_.reset();
    manager_ = testing::loadSinglePlugin(STREAMIT_GUEST_PLUGIN_PATH, dir_, "libauth_guest.so",
                                         "auth.guest", configJson, &store_, metrics_);
    return manager_->statuses().at(0);
  }
  AuthClient client(const std::string& configJson = "{}") {
    PluginStatus s = load(configJson);
    EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
    EXPECT_EQ(s.kind, "auth");
    return AuthClient(manager_->authScheme("auth.guest"));
  }
  static std::string credentials(const std::string& rawName) {
    return R"({"display_name":")" + rawName + R"("})";
  }
  static void expectInvalid(const CallResult<sdk::Principal>& r, const std::string& why,
                            const std::string& input) {
    EXPECT_EQ(r.status, STREAMIT_STATUS_INVALID_ARGUMENT) << input;
    EXPECT_EQ(r.error.rfind("display_name: ", 0), 0u) << input << " → " << r.error;
    EXPECT_NE(r.error.find(why), std::string::npos) << input << " → " << r.error;
  }

  streamit::testing::TempDir tmp_{"streamit-guest"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"streamit:", metrics_};
  std::unique_ptr<PluginManager> manager_;
};

// "guest:" + a lower-case version-4 UUID with the RFC 9562 variant.
bool isGuestSubject(const std::string& subject) {
  static const std::regex kPattern(
      "guest:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return std::regex_match(subject, kPattern);
}

TEST_F(AuthGuestPlugin, ValidNamesGiveAFreshGuestPrincipalWithoutScopes) {
  AuthClient c = client();
  for (const auto& [input, expected] :
       {std::pair<std::string, std::string>{"Ann", "Ann"},
        {"Zoë 🎬", "Zoë 🎬"},
        {R"(Zo\u00eb \ud83c\udfac)", "Zoë 🎬"},  // JSON escapes decode to the same name
        {"  trimmed\\t ", "trimmed"},
        {"映画ファン", "映画ファン"}}) {
    auto r = c.authenticate(credentials(input));
    ASSERT_TRUE(r.ok()) << input << " → " << r.error;
    EXPECT_TRUE(isGuestSubject(r.value.subject)) << r.value.subject;
    EXPECT_EQ(r.value.display_name, expected);
    EXPECT_TRUE(r.value.scopes.empty());  // the kernel assigns scopes by user kind
  }
}

TEST_F(AuthGuestPlugin, LengthIsCountedInCodePoints) {
  AuthClient c = client();
  std::string name;
  for (int i = 0; i < 32; ++i)
    name += "é";
  EXPECT_TRUE(c.authenticate(credentials(name)).ok());
  expectInvalid(c.authenticate(credentials(name + "é")), "at most 32 characters", "33 é");
  expectInvalid(c.authenticate(credentials(std::string(33, 'a'))), "at most 32", "33 a");
}

TEST_F(AuthGuestPlugin, BadNamesAreInvalidArgumentNamingDisplayName) {
  AuthClient c = client();
  expectInvalid(c.authenticate(credentials("")), "must not be empty", "empty");
  expectInvalid(c.authenticate(credentials(" \\t \\n ")), "must not be empty", "white space");
  expectInvalid(c.authenticate(credentials("a\\u0007b")), "control characters", "BEL");
  expectInvalid(c.authenticate(credentials("a\\nb")), "control characters", "newline");
  expectInvalid(c.authenticate(credentials("a\\u202eb")), "control characters", "RLO");
  expectInvalid(c.authenticate(credentials("Zo\xeb")), "display_name", "Latin-1 byte");
  expectInvalid(c.authenticate(credentials("\xc0\xaf")), "display_name", "overlong");
  expectInvalid(c.authenticate(R"({"display_name":42})"), "must be a string", "number");
  expectInvalid(c.authenticate(R"({"name":"Ann"})"), "is required", "missing");
  expectInvalid(c.authenticate("not json"), "display_name", "not JSON");
  expectInvalid(c.authenticate(R"(["Ann"])"), "display_name", "array");
}

TEST_F(AuthGuestPlugin, ReservedNamesAreRefusedCaseInsensitively) {
  AuthClient c = client();
  for (const char* name : {"admin", "Admin", "  HOST ", "sYsTeM", "StreamIt"})
    expectInvalid(c.authenticate(credentials(name)), "is reserved", name);
  EXPECT_TRUE(c.authenticate(credentials("administrator")).ok());

  AuthClient custom = client(R"({"reserved_names":["Moderator"," Bot "]})");
  expectInvalid(custom.authenticate(credentials("moderator")), "is reserved", "moderator");
  expectInvalid(custom.authenticate(credentials("BOT")), "is reserved", "BOT");
  EXPECT_TRUE(custom.authenticate(credentials("admin")).ok());  // replaces the default list

  AuthClient none = client(R"({"reserved_names":[]})");
  EXPECT_TRUE(none.authenticate(credentials("admin")).ok());
}

TEST_F(AuthGuestPlugin, SubjectsAreUniqueOverManySignIns) {
  AuthClient c = client();
  std::set<std::string> subjects;
  for (int i = 0; i < 1000; ++i) {
    auto r = c.authenticate(credentials("Ann"));
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_TRUE(isGuestSubject(r.value.subject)) << r.value.subject;
    subjects.insert(r.value.subject);
  }
  EXPECT_EQ(subjects.size(), 1000u);
}

TEST_F(AuthGuestPlugin, TokensAreNotThisPluginsBusiness) {
  AuthClient c = client();
  auto r = c.validateToken("eyJhbGciOiJIUzI1NiJ9.e30.sig");
  EXPECT_EQ(r.status, STREAMIT_STATUS_DENIED);
  EXPECT_NE(r.error.find("kernel"), std::string::npos) << r.error;
}

TEST_F(AuthGuestPlugin, InvalidConfigIsRefusedNamingTheKey) {
  for (const char* config : {R"({"reserved_names":"admin"})", R"({"reserved_names":[1,2]})",
                             R"({"reserved_names":[""]})", R"({"reserved_names":["a\u0001"]})",
                             R"({"reserved_names":[["admin"]]})", R"({"reserved":["admin"]})"}) {
    PluginStatus s = load(config);
    EXPECT_NE(loadStateName(s.state), "loaded") << config;
    EXPECT_NE(s.reason.find("reserved"), std::string::npos) << config << " → " << s.reason;
  }
  EXPECT_EQ(loadStateName(load(R"({"reserved_names":["mod"]})").state), "loaded");
}

}  // namespace
}  // namespace streamit::plugins
