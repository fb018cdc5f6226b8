// auth.local: the scheme class against an in-memory account store, and the REAL
// libauth_local.so loaded by the kernel's PluginManager (descriptor, config, HostV2 grant).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "config/plugin_config_check.h"
#include "local_scheme.h"
#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "plugins/plugin_clients.h"
#include "plugins/plugin_manager.h"
#include "realtime/memory_store.h"
#include "streamit/sdk/testing.h"
#include "support/process.h"

namespace streamit::local {
namespace {

// The kernel's AccountStoreHost semantics, in memory.
class FakeAccountStore final : public sdk::AccountStoreV1 {
 public:
  struct Row {
    std::int64_t id;
    std::string username, displayName, hash;
    std::int64_t lastLoginMs = 0;
  };
  StreamItStatus create(StreamItStr username, StreamItStr hash, StreamItStr displayName,
                        sdk::AccountSinkV1& out) noexcept override {
    std::lock_guard lock(mutex);
    if (down)
      return STREAMIT_STATUS_UNAVAILABLE;
    const std::string name = sdk::toString(username);
    if (rows.count(name))
      return STREAMIT_STATUS_CONFLICT;
    Row& row = rows[name] = Row{nextId++, name, sdk::toString(displayName), sdk::toString(hash)};
    emit(row, out);
    return STREAMIT_STATUS_OK;
  }
  StreamItStatus find(StreamItStr username, sdk::AccountSinkV1& out) noexcept override {
    std::lock_guard lock(mutex);
    if (down)
      return STREAMIT_STATUS_UNAVAILABLE;
    const auto it = rows.find(sdk::toString(username));
    if (it == rows.end())
      return STREAMIT_STATUS_NOT_FOUND;
    emit(it->second, out);
    return STREAMIT_STATUS_OK;
  }
  StreamItStatus setPasswordHash(int64_t id, StreamItStr hash) noexcept override {
    std::lock_guard lock(mutex);
    for (auto& [name, row] : rows) {
      if (row.id == id) {
        row.hash = sdk::toString(hash);
        return STREAMIT_STATUS_OK;
      }
    }
    return STREAMIT_STATUS_NOT_FOUND;
  }
  StreamItStatus recordLogin(int64_t id, int64_t atMs) noexcept override {
    std::lock_guard lock(mutex);
    for (auto& [name, row] : rows) {
      if (row.id == id) {
        row.lastLoginMs = atMs;
        return STREAMIT_STATUS_OK;
      }
    }
    return STREAMIT_STATUS_NOT_FOUND;
  }

  std::mutex mutex;
  std::map<std::string, Row> rows;
  std::int64_t nextId = 1;
  bool down = false;

 private:
  static void emit(const Row& row, sdk::AccountSinkV1& out) {
    const StreamItAccount pod{sizeof(StreamItAccount),
                              0,
                              row.id,
                              sdk::toStr(row.username),
                              sdk::toStr(row.displayName),
                              sdk::toStr(row.hash),
                              1,
                              row.lastLoginMs};
    out.account(&pod);
  }
};

struct Outcome {
  StreamItStatus status = STREAMIT_STATUS_ERROR;
  std::string subject, displayName, error;
};

class PrincipalCapture final : public sdk::PrincipalSinkV1 {
 public:
  void principal(const StreamItPrincipal* p) noexcept override {
    outcome.subject = sdk::toString(p->subject);
    outcome.displayName = sdk::toString(p->display_name);
  }
  void error(StreamItStr message) noexcept override { outcome.error = sdk::toString(message); }
  Outcome outcome;
};

class LocalScheme : public ::testing::Test {
 protected:
  Outcome call(const std::string& json) {
    sdk::AuthSchemeV1& abi = scheme_;
    PrincipalCapture capture;
    capture.outcome.status = abi.authenticate(sdk::toStr(json), capture);
    return capture.outcome;
  }
  Outcome registerAs(const std::string& user, const std::string& password,
                     const std::string& name = "Ann") {
    return call(R"({"action":"register","username":")" + user + R"(","password":")" + password +
                R"(","display_name":")" + name + R"("})");
  }
  Outcome login(const std::string& user, const std::string& password) {
    return call(R"({"action":"login","username":")" + user + R"(","password":")" + password +
                R"("})");
  }

  FakeAccountStore store_;
  // The lowest cost the schema allows, to keep the suite quick.
  sdk::testing::FakeHost host_{R"({"scrypt_log2_n":14,"scrypt_r":8,"scrypt_p":1})"};
  // Wired before scheme_ is constructed (members initialise in declaration order).
  bool wired_ = (host_.accounts = &store_, true);
  LocalAuthScheme scheme_{sdk::Host(&host_, &host_)};
};

TEST_F(LocalScheme, RegisterStoresAFoldedUsernameAndAScryptHash) {
  const Outcome r = registerAs("Ann.Lee", "correct horse battery", "  Ann Lee ");
  ASSERT_EQ(r.status, STREAMIT_STATUS_OK) << r.error;
  EXPECT_EQ(r.subject, "user:1");
  EXPECT_EQ(r.displayName, "Ann Lee");
  ASSERT_EQ(store_.rows.count("ann.lee"), 1u);
  const auto& row = store_.rows.at("ann.lee");
  EXPECT_EQ(row.hash.rfind("$scrypt$ln=14,r=8,p=1$", 0), 0u) << row.hash;
  EXPECT_EQ(row.hash.find("correct horse"), std::string::npos);
}

TEST_F(LocalScheme, UsernamesAreUniqueWhateverTheCase) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, STREAMIT_STATUS_OK);
  const Outcome again = registerAs("ANN", "another good password");
  EXPECT_EQ(again.status, STREAMIT_STATUS_CONFLICT);
  EXPECT_EQ(again.error, "username: already taken");
}

TEST_F(LocalScheme, PolicyRefusalsNameTheField) {
  const std::map<std::string, Outcome> cases = {
      {"username", registerAs("ab", "correct horse battery")},
      {"password", registerAs("ann", "short")},
      {"password", registerAs("long.username", "LONG.USERNAME")},
      {"display_name", registerAs("ann", "correct horse battery", "   ")},
  };
  for (const auto& [fieldName, outcome] : cases) {
    EXPECT_EQ(outcome.status, STREAMIT_STATUS_INVALID_ARGUMENT) << fieldName;
    EXPECT_EQ(outcome.error.rfind(fieldName + ": ", 0), 0u) << outcome.error;
  }
  EXPECT_EQ(call(R"({"action":"register","username":"ann"})").status,
            STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(call(R"({"action":"delete"})").status, STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(call("not json").status, STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_TRUE(store_.rows.empty());
}

TEST_F(LocalScheme, LoginProvesThePasswordAndRecordsIt) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, STREAMIT_STATUS_OK);
  const Outcome r = login("ANN", "correct horse battery");
  ASSERT_EQ(r.status, STREAMIT_STATUS_OK) << r.error;
  EXPECT_EQ(r.subject, "user:1");
  EXPECT_EQ(r.displayName, "Ann");
  EXPECT_GT(store_.rows.at("ann").lastLoginMs, 0);
}

TEST_F(LocalScheme, UnknownUserAndWrongPasswordAreTheSameRefusal) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, STREAMIT_STATUS_OK);
  const Outcome wrong = login("ann", "correct horse batterY");
  const Outcome unknown = login("bob", "correct horse battery");
  const Outcome invalid = login("b", "correct horse battery");
  const Outcome huge = login("ann", std::string(300, 'x'));
  for (const Outcome& o : {wrong, unknown, invalid, huge}) {
    EXPECT_EQ(o.status, STREAMIT_STATUS_DENIED);
    EXPECT_EQ(o.error, "invalid username or password");
    EXPECT_TRUE(o.subject.empty());
  }
  EXPECT_EQ(store_.rows.at("ann").lastLoginMs, 0);
}

TEST_F(LocalScheme, LoginRehashesOldParameters) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, STREAMIT_STATUS_OK);
  store_.rows.at("ann").hash =
      hashPassword("correct horse battery", ScryptParams{10, 8, 1, 16, 32});
  ASSERT_EQ(login("ann", "correct horse battery").status, STREAMIT_STATUS_OK);
  EXPECT_EQ(store_.rows.at("ann").hash.rfind("$scrypt$ln=14,r=8,p=1$", 0), 0u);
  EXPECT_EQ(login("ann", "correct horse battery").status, STREAMIT_STATUS_OK);
}

TEST_F(LocalScheme, DatabaseDownIsUnavailableNotDenied) {
  ASSERT_EQ(registerAs("ann", "correct horse battery").status, STREAMIT_STATUS_OK);
  store_.down = true;
  EXPECT_EQ(login("ann", "correct horse battery").status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_EQ(registerAs("bob", "correct horse battery").status, STREAMIT_STATUS_UNAVAILABLE);
}

TEST_F(LocalScheme, ValidateTokenIsAlwaysDenied) {
  sdk::AuthSchemeV1& abi = scheme_;
  PrincipalCapture capture;
  EXPECT_EQ(abi.validateToken(sdk::toStr(std::string("anything")), capture),
            STREAMIT_STATUS_DENIED);
}

TEST(LocalSchemeConfig, DefaultsAndBounds) {
  EXPECT_EQ(parseLocalConfig("{}"), ScryptParams{});
  EXPECT_EQ(parseLocalConfig(R"({"scrypt_log2_n":16,"scrypt_r":8,"scrypt_p":2})"),
            (ScryptParams{16, 8, 2, 16, 32}));
  EXPECT_THROW(parseLocalConfig(R"({"scrypt_log2_n":30})"), std::invalid_argument);
  EXPECT_THROW(parseLocalConfig(R"({"scrypt_p":0})"), std::invalid_argument);
}

TEST(LocalSchemeConfig, NoAccountStoreNoPlugin) {
  sdk::testing::FakeHost host;  // accounts stays null: an old kernel or a non-auth grant
  EXPECT_THROW(LocalAuthScheme{sdk::Host(&host, &host)}, std::runtime_error);
  EXPECT_THROW(LocalAuthScheme{sdk::Host(&host)}, std::runtime_error);
}

// The real library through the kernel's PluginManager.
class AuthLocalLibrary : public ::testing::Test {
 protected:
  plugins::PluginStatus load(const std::string& configJson, sdk::AccountStoreV1* accounts) {
    manager_.reset();
    if (!std::filesystem::exists(dir_ / "libauth_local.so"))
      plugins::testing::installLibrary(STREAMIT_LOCAL_PLUGIN_PATH, dir_, "libauth_local.so");
    plugins::PluginManagerOptions options;
    options.validator = &config::checkPluginConfig;
    options.store = &store_;
    options.metrics = &metrics_;
    options.accounts = accounts;
    manager_ = std::make_unique<plugins::PluginManager>(options);
    manager_->loadAll(
        plugins::testing::oneInstance(dir_, "auth.local", "libauth_local.so", configJson));
    return manager_->statuses().at(0);
  }

  streamit::testing::TempDir tmp_{"streamit-local"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"test:", metrics_};
  FakeAccountStore accounts_;
  std::unique_ptr<plugins::PluginManager> manager_;
};

TEST_F(AuthLocalLibrary, LoadsWithTheAccountStoreAndSignsUp) {
  const auto status = load(R"({"scrypt_log2_n":14,"scrypt_p":1})", &accounts_);
  ASSERT_EQ(plugins::loadStateName(status.state), "loaded") << status.reason;
  EXPECT_EQ(status.kind, "auth");
  const plugins::AuthClient client(manager_->authScheme("auth.local"));
  auto r = client.authenticate(
      R"({"action":"register","username":"Ann","password":"correct horse battery","display_name":"Ann"})");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.subject, "user:1");
  r = client.authenticate(
      R"({"action":"login","username":"ann","password":"correct horse battery"})");
  ASSERT_TRUE(r.ok()) << r.error;
  r = client.authenticate(R"({"action":"login","username":"ann","password":"wrong password!"})");
  EXPECT_EQ(r.status, STREAMIT_STATUS_DENIED);
}

TEST_F(AuthLocalLibrary, RefusedWithoutAnAccountStore) {
  const auto status = load("{}", nullptr);
  EXPECT_NE(plugins::loadStateName(status.state), "loaded");
  EXPECT_NE(status.reason.find("account store"), std::string::npos) << status.reason;
}

TEST_F(AuthLocalLibrary, BadConfigIsRefusedNamingTheKey) {
  for (const std::string& config : std::vector<std::string>{
           R"({"scrypt_log2_n":30})", R"({"scrypt_r":0})", R"({"unknown":1})"}) {
    const auto status = load(config, &accounts_);
    EXPECT_NE(plugins::loadStateName(status.state), "loaded") << config;
  }
  const auto status = load(R"({"scrypt_log2_n":30})", &accounts_);
  EXPECT_NE(status.reason.find("scrypt_log2_n"), std::string::npos) << status.reason;
}

}  // namespace
}  // namespace streamit::local
