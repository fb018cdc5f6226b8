// Loader refusals (T13): each broken fixture is refused with its exact reason while a valid
// plugin configured beside it keeps loading and serving.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/plugin_config_check.h"
#include "log/logger.h"
#include "plugin_test_support.h"
#include "plugins/plugin_clients.h"
#include "plugins/plugin_manager.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

namespace fs = std::filesystem;
using testing::fixturePath;
using testing::installLibrary;
using testing::oneInstance;

constexpr const char* kValidConfig = R"({"base_url":"http://media.test"})";
const std::string kKernelToolchain = STREAMIT_SDK_TOOLCHAIN_TAG;

class LoaderTest : public ::testing::Test {
 protected:
  PluginManagerOptions options() {
    PluginManagerOptions o;
    o.validator = &config::checkPluginConfig;
    return o;
  }
  // Loads one instance of fixture `name` installed as `file` and returns its status.
  PluginStatus loadFixture(const std::string& name, const std::string& id,
                           const std::string& config = kValidConfig, mode_t mode = 0755) {
    std::string file = "lib" + name + ".so";
    installLibrary(fixturePath(name), dir_, file, mode);
    manager_ = std::make_unique<PluginManager>(options());
    return manager_->loadAll(oneInstance(dir_, id, file, config)).at(0);
  }
  void expectRefused(const PluginStatus& s, LoadState state, const std::string& reason) {
    EXPECT_EQ(loadStateName(s.state), loadStateName(state));
    EXPECT_EQ(s.reason, reason);
    EXPECT_TRUE(manager_->providers().empty());
    EXPECT_TRUE(manager_->checkHealth().ok) << "an optional refusal must not fail readiness";
  }

  streamit::testing::TempDir tmp_{"streamit-plugins"};
  fs::path dir_ = tmp_.path() / "plugins";
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(LoaderTest, LoadsValidProviderAndResolvesThroughTheKernelWrapper) {
  PluginStatus s = loadFixture("valid", "provider.fixture");
  EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
  EXPECT_EQ(s.version, "0.3.1");
  EXPECT_EQ(s.kind, "provider");
  EXPECT_EQ(s.abi, "1.2");
  EXPECT_EQ(s.reason, "");
  auto handle = manager_->provider("provider.fixture");
  ASSERT_NE(handle, nullptr);
  ProviderClient client(handle);
  auto r = client.resolve("tt0133093");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.provider, "provider.fixture");
  EXPECT_EQ(r.value.stream_id, "tt0133093");
  EXPECT_EQ(r.value.kind, STREAMIT_SOURCE_HLS);
  EXPECT_EQ(r.value.url, "http://media.test/tt0133093.m3u8");
  EXPECT_EQ(r.value.poster, "http://media.test/poster.jpg");
  EXPECT_DOUBLE_EQ(r.value.duration_s, 5400);
  EXPECT_EQ(r.value.capabilities,
            STREAMIT_CAP_CAN_SEEK | STREAMIT_CAP_CAN_PAUSE | STREAMIT_CAP_REPORTS_TIME);
  ASSERT_EQ(r.value.qualities.size(), 2u);
  EXPECT_EQ(r.value.qualities[1].label, "720p");
  EXPECT_EQ(r.value.qualities[1].height, 720u);
  ASSERT_EQ(r.value.subtitles.size(), 1u);
  EXPECT_EQ(r.value.subtitles[0].url, "http://media.test/en.vtt");
  EXPECT_EQ(manager_->checkHealth().detail, "ok");
}

TEST_F(LoaderTest, PluginErrorsAndExceptionsBecomeStatuses) {
  ASSERT_EQ(loadStateName(loadFixture("valid", "provider.fixture").state), "loaded");
  ProviderClient client(manager_->provider("provider.fixture"));
  auto missing = client.resolve("missing");
  EXPECT_EQ(missing.status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(missing.error, "no such title: missing");
  auto thrown = client.resolve("throw");  // std::runtime_error stopped by the SDK barrier
  EXPECT_EQ(thrown.status, STREAMIT_STATUS_ERROR);
  EXPECT_EQ(thrown.error, "boom");
  auto empty = client.resolve("");
  EXPECT_EQ(empty.status, STREAMIT_STATUS_INVALID_ARGUMENT);
  auto offline = client.checkAvailability("offline");
  EXPECT_EQ(offline.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_EQ(offline.error, "upstream down");
  EXPECT_FALSE(offline.value);
  EXPECT_TRUE(client.checkAvailability("tt1").value);
}

TEST_F(LoaderTest, RefusesAbiMajorMismatch) {
  expectRefused(loadFixture("abi_major", "provider.fixture_abi_major"), LoadState::kRefused,
                "ABI major mismatch: plugin 2, kernel 1");
}

TEST_F(LoaderTest, RefusesNewerMinor) {
  expectRefused(loadFixture("abi_minor", "provider.fixture_abi_minor"), LoadState::kRefused,
                "ABI minor too new: plugin 1.3, kernel 1.2");
}

TEST_F(LoaderTest, RefusesWrongToolchainTag) {
  expectRefused(loadFixture("toolchain", "provider.fixture_toolchain"), LoadState::kRefused,
                "toolchain mismatch: plugin 'bogus-toolchain', kernel '" + kKernelToolchain + "'");
}

TEST_F(LoaderTest, RefusesMissingEntrySymbolWithoutLoading) {
  expectRefused(loadFixture("no_entry", "provider.fixture_no_entry"), LoadState::kRefused,
                "missing entry symbol streamit_plugin_entry_v1");
}

TEST_F(LoaderTest, CreateThrowing) {
  expectRefused(loadFixture("create_throws", "provider.fixture_create_throws"), LoadState::kFailed,
                "create failed: fixture create failure");
}

TEST_F(LoaderTest, CreateReturningNull) {
  expectRefused(loadFixture("create_null", "provider.fixture_create_null"), LoadState::kFailed,
                "create returned null");
}

TEST_F(LoaderTest, RefusesInvalidConfigNamingPluginAndKeys) {
  PluginStatus s = loadFixture("valid", "provider.fixture", R"({"colour":"red"})");
  expectRefused(s, LoadState::kRefused,
                "invalid config: provider.fixture: colour: unknown key; "
                "provider.fixture: base_url: missing required key");
  EXPECT_EQ(s.version, "0.3.1") << "the descriptor was read, so the list can show the version";
}

// The schema engine reads plugin config as YAML does, so a plain scalar such as 7 is an
// acceptable string; an array is not.
TEST_F(LoaderTest, RefusesWrongConfigType) {
  expectRefused(loadFixture("valid", "provider.fixture", R"({"base_url":["x"]})"),
                LoadState::kRefused,
                "invalid config: provider.fixture: base_url: expected string, got array");
}

TEST_F(LoaderTest, RefusesWorldWritableFile) {
  PluginStatus s = loadFixture("valid", "provider.fixture", kValidConfig, 0757);
  expectRefused(
      s, LoadState::kRefused,
      "library file is group/world-writable: " + fs::canonical(dir_ / "libvalid.so").string());
}

TEST_F(LoaderTest, RefusesGroupWritableFile) {
  PluginStatus s = loadFixture("valid", "provider.fixture", kValidConfig, 0775);
  expectRefused(
      s, LoadState::kRefused,
      "library file is group/world-writable: " + fs::canonical(dir_ / "libvalid.so").string());
}

TEST_F(LoaderTest, RefusesWorldWritableDirectory) {
  installLibrary(fixturePath("valid"), dir_, "libvalid.so");
  ::chmod(dir_.c_str(), 0777);
  manager_ = std::make_unique<PluginManager>(options());
  auto s =
      manager_->loadAll(oneInstance(dir_, "provider.fixture", "libvalid.so", kValidConfig)).at(0);
  expectRefused(s, LoadState::kRefused,
                "plugin directory is group/world-writable: " + fs::canonical(dir_).string());
}

TEST_F(LoaderTest, RefusesSymlinkEscapingTheDirectory) {
  fs::path outside = installLibrary(fixturePath("valid"), tmp_.path() / "elsewhere", "libvalid.so");
  fs::create_directories(dir_);
  ::chmod(dir_.c_str(), 0755);
  fs::create_symlink(outside, dir_ / "libescape.so");
  manager_ = std::make_unique<PluginManager>(options());
  auto s =
      manager_->loadAll(oneInstance(dir_, "provider.fixture", "libescape.so", kValidConfig)).at(0);
  expectRefused(s, LoadState::kRefused,
                "library path escapes the plugin directory: " + fs::canonical(outside).string());
}

TEST_F(LoaderTest, AcceptsSymlinkStayingInsideTheDirectory) {
  installLibrary(fixturePath("valid"), dir_, "libvalid-0.3.1.so");
  fs::create_symlink("libvalid-0.3.1.so", dir_ / "libvalid.so");
  manager_ = std::make_unique<PluginManager>(options());
  auto s =
      manager_->loadAll(oneInstance(dir_, "provider.fixture", "libvalid.so", kValidConfig)).at(0);
  EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
}

TEST_F(LoaderTest, RefusesPathsAndUnknownFiles) {
  installLibrary(fixturePath("valid"), dir_, "libvalid.so");
  manager_ = std::make_unique<PluginManager>(options());
  PluginsConfig config =
      oneInstance(dir_, "provider.fixture", "../plugins/libvalid.so", kValidConfig);
  config.instances.push_back({"provider.b", "libnothere.so", false, kValidConfig, 0});
  config.instances.push_back({"provider.c", "notes.txt", false, kValidConfig, 0});
  std::ofstream(dir_ / "notes.txt") << "not a library";
  ::chmod((dir_ / "notes.txt").c_str(), 0644);
  auto statuses = manager_->loadAll(config);
  EXPECT_EQ(statuses.at(0).reason, "library must be a bare file name: '../plugins/libvalid.so'");
  EXPECT_EQ(statuses.at(1).reason, "library not found in plugin directories: libnothere.so");
  EXPECT_EQ(statuses.at(2).reason.rfind("not a loadable shared library: ", 0), 0u)
      << statuses.at(2).reason;
}

TEST_F(LoaderTest, RefusesIdMismatch) {
  expectRefused(loadFixture("valid", "provider.other"), LoadState::kRefused,
                "id mismatch: library declares 'provider.fixture', config says 'provider.other'");
}

TEST_F(LoaderTest, RequiredPluginFailureStopsStartUp) {
  installLibrary(fixturePath("abi_major"), dir_, "libabi_major.so");
  manager_ = std::make_unique<PluginManager>(options());
  auto config = oneInstance(dir_, "provider.fixture_abi_major", "libabi_major.so", kValidConfig,
                            /*required=*/true);
  try {
    manager_->loadAll(config);
    FAIL() << "expected PluginStartupError";
  } catch (const PluginStartupError& e) {
    EXPECT_STREQ(e.what(),
                 "required plugin provider.fixture_abi_major not loaded: ABI major mismatch: "
                 "plugin 2, kernel 1");
  }
  auto health = manager_->checkHealth();
  EXPECT_FALSE(health.ok);
  EXPECT_EQ(health.detail,
            "provider.fixture_abi_major refused: ABI major mismatch: plugin 2, kernel 1");
}

// T13 in one process: every refusal beside one valid plugin; the valid one serves, the list
// shows each reason, readiness stays ok because none of the broken ones is required.
TEST_F(LoaderTest, EveryRefusalBesideAValidPluginThatKeepsServing) {
  PluginsConfig config;
  config.directories = {dir_.string()};
  auto add = [&](const std::string& fixture, const std::string& id, const std::string& cfg) {
    installLibrary(fixturePath(fixture), dir_, "lib" + fixture + ".so");
    config.instances.push_back({id, "lib" + fixture + ".so", false, cfg, 0});
  };
  add("abi_major", "provider.fixture_abi_major", kValidConfig);
  add("abi_minor", "provider.fixture_abi_minor", kValidConfig);
  add("toolchain", "provider.fixture_toolchain", kValidConfig);
  add("no_entry", "provider.fixture_no_entry", kValidConfig);
  add("create_throws", "provider.fixture_create_throws", kValidConfig);
  add("create_null", "provider.fixture_create_null", kValidConfig);
  add("valid", "provider.fixture", kValidConfig);
  installLibrary(fixturePath("valid"), dir_, "libwritable.so", 0666);
  config.instances.push_back({"provider.writable", "libwritable.so", false, kValidConfig, 0});
  installLibrary(fixturePath("valid"), tmp_.path() / "outside", "libvalid.so");
  fs::create_symlink(tmp_.path() / "outside" / "libvalid.so", dir_ / "libescape.so");
  config.instances.push_back({"provider.escape", "libescape.so", false, kValidConfig, 0});

  manager_ = std::make_unique<PluginManager>(options());
  std::ostringstream logs;
  log::setOutput(&logs);
  auto statuses = manager_->loadAll(config);
  log::setOutput(nullptr);
  ASSERT_EQ(statuses.size(), 9u);
  // Each refusal is logged with its reason.
  EXPECT_NE(
      logs.str().find(R"("plugin":"provider.fixture_abi_minor","library":"libabi_minor.so",)"
                      R"("status":"refused","reason":"ABI minor too new: plugin 1.3, kernel 1.2")"),
      std::string::npos)
      << logs.str();
  EXPECT_NE(logs.str().find(R"("reason":"create returned null")"), std::string::npos);
  int loaded = 0;
  for (const auto& s : statuses) {
    if (s.state == LoadState::kLoaded) {
      ++loaded;
      EXPECT_EQ(s.id, "provider.fixture");
    } else {
      EXPECT_FALSE(s.reason.empty()) << s.id;
    }
  }
  EXPECT_EQ(loaded, 1);
  auto r = ProviderClient(manager_->provider("provider.fixture")).resolve("ok");
  EXPECT_TRUE(r.ok()) << r.error;

  auto health = manager_->checkHealth();
  EXPECT_TRUE(health.ok);
  EXPECT_NE(health.detail.find("provider.fixture_no_entry refused: missing entry symbol"),
            std::string::npos)
      << health.detail;

  std::ostringstream list;
  printPluginList(statuses, list);
  EXPECT_NE(list.str().find("provider.fixture_create_null"), std::string::npos);
  EXPECT_NE(list.str().find("failed   no        create returned null"), std::string::npos)
      << list.str();
  EXPECT_NE(list.str().find("provider.fixture                0.3.1    provider   1.2    loaded"),
            std::string::npos)
      << list.str();
}

TEST_F(LoaderTest, HandlesKeepTheLibraryAliveAfterTheManagerIsGone) {
  ASSERT_EQ(loadStateName(loadFixture("valid", "provider.fixture").state), "loaded");
  auto handle = manager_->provider("provider.fixture");
  manager_.reset();  // orderly teardown of the manager; the handle still owns its instance
  auto r = ProviderClient(handle).resolve("late");
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.url, "http://media.test/late.m3u8");
}

TEST_F(LoaderTest, DuplicateIdIsRefused) {
  installLibrary(fixturePath("valid"), dir_, "libvalid.so");
  PluginsConfig config = oneInstance(dir_, "provider.fixture", "libvalid.so", kValidConfig);
  config.instances.push_back(config.instances[0]);
  manager_ = std::make_unique<PluginManager>(options());
  auto statuses = manager_->loadAll(config);
  EXPECT_EQ(loadStateName(statuses.at(0).state), "loaded");
  EXPECT_EQ(statuses.at(1).reason, "duplicate plugin id");
}

}  // namespace
}  // namespace streamit::plugins
