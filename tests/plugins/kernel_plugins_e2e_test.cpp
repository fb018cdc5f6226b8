// The plugin loader as an operator meets it: the real `streamit` binary with a `plugins:`
// section, fixture libraries installed in a plugin directory, /readyz, `streamit plugins
// list`, and start-up refusals for required plugins.
#include <gtest/gtest.h>

#include <sstream>

#include "plugin_test_support.h"
#include "support/kernel_process.h"

namespace streamit::plugins {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using streamit::testing::KernelProcess;

const std::string kAbiReason = "ABI major mismatch: plugin 2, kernel 1";

// One `plugins.instances` entry; `configYaml` is the flow mapping under `config:`.
std::string instanceYaml(const std::string& id, const std::string& library, bool required,
                         const std::string& configYaml) {
  return "    - id: " + id + "\n      library: " + library +
         "\n      required: " + (required ? "true" : "false") + "\n      config: " + configYaml +
         "\n";
}

// The line of a `plugins list` table that starts with `id` (ids are padded to one width).
std::string listRow(const std::string& table, const std::string& id) {
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(id + " ", 0) == 0)
      return line;
  }
  return {};
}

class KernelPluginsE2E : public ::testing::Test {
 protected:
  // Installs the valid fixture and the ABI-major-mismatch one into a 0755 plugin directory.
  void SetUp() override {
    testing::installLibrary(testing::fixturePath("valid"), dir_, "libvalid.so");
    testing::installLibrary(testing::fixturePath("abi_major"), dir_, "libabi_major.so");
  }
  std::string pluginsYaml(const std::string& instances) const {
    return "plugins:\n  directories:\n    - " + dir_.string() + "\n  instances:\n" + instances;
  }
  // Expects `serve` to refuse to start, exiting non-zero; returns its log.
  std::string expectStartUpRefused(KernelProcess& kernel) {
    EXPECT_FALSE(kernel.start()) << kernel.log();
    EXPECT_NE(kernel.process().waitExit(15s), 0) << kernel.log();
    EXPECT_NE(kernel.get("/healthz").status, 200) << "a refused kernel must not serve";
    return kernel.log();
  }

  streamit::testing::TempDir tmp_{"streamit-plugins-e2e"};
  fs::path dir_ = tmp_.path() / "plugins";
};

TEST_F(KernelPluginsE2E, OptionalRefusalIsReportedWhileTheValidPluginLoadsAndTheKernelServes) {
  KernelProcess kernel(pluginsYaml(
      instanceYaml("provider.fixture", "libvalid.so", true, "{base_url: \"http://media.test\"}") +
      instanceYaml("provider.fixture_abi_major", "libabi_major.so", false,
                   "{base_url: \"http://media.test\"}")));
  ASSERT_TRUE(kernel.start()) << kernel.log();

  const auto ready = kernel.get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("\"plugins\":{\"detail\":\"provider.fixture_abi_major refused: " +
                            kAbiReason + "\",\"ok\":true"),
            std::string::npos)
      << ready.body;
  EXPECT_EQ(kernel.get("/healthz").status, 200);
  // The refusal is in the serve log too, with the plugin and the reason.
  const std::string log = kernel.log();
  EXPECT_NE(log.find(R"("plugin":"provider.fixture_abi_major")"), std::string::npos) << log;
  EXPECT_NE(log.find(kAbiReason), std::string::npos) << log;

  std::string table;
  EXPECT_EQ(kernel.runCommand("plugins list", table), 0) << table;
  const std::string loaded = listRow(table, "provider.fixture");
  EXPECT_NE(loaded.find("loaded"), std::string::npos) << table;
  EXPECT_NE(loaded.find("yes"), std::string::npos) << table;
  const std::string refused = listRow(table, "provider.fixture_abi_major");
  EXPECT_NE(refused.find("refused"), std::string::npos) << table;
  EXPECT_NE(refused.find(kAbiReason), std::string::npos) << table;

  // Still answering after the listing (a separate process) loaded the same libraries.
  EXPECT_EQ(kernel.get("/healthz").status, 200);
}

TEST_F(KernelPluginsE2E, RequiredAbiMismatchStopsServeNamingPluginAndReason) {
  KernelProcess kernel(pluginsYaml(instanceYaml("provider.fixture_abi_major", "libabi_major.so",
                                                true, "{base_url: \"http://media.test\"}")));
  const std::string log = expectStartUpRefused(kernel);
  EXPECT_NE(log.find("required plugin provider.fixture_abi_major not loaded: " + kAbiReason),
            std::string::npos)
      << log;

  std::string table;
  EXPECT_NE(kernel.runCommand("plugins list", table), 0) << table;
  EXPECT_NE(listRow(table, "provider.fixture_abi_major").find(kAbiReason), std::string::npos)
      << table;
}

TEST_F(KernelPluginsE2E, RequiredPluginWithInvalidConfigIsRefusedAtStartUpNamingKeys) {
  KernelProcess kernel(pluginsYaml(
      instanceYaml("provider.fixture", "libvalid.so", true, "{greeting: hi, colour: red}")));
  const std::string log = expectStartUpRefused(kernel);
  EXPECT_NE(log.find("required plugin provider.fixture not loaded: invalid config: "),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("provider.fixture: base_url: missing required key"), std::string::npos) << log;
  EXPECT_NE(log.find("provider.fixture: colour: unknown key"), std::string::npos) << log;

  std::string table;
  EXPECT_NE(kernel.runCommand("plugins list", table), 0) << table;
  const std::string row = listRow(table, "provider.fixture");
  EXPECT_NE(row.find("refused"), std::string::npos) << table;
  EXPECT_NE(row.find("base_url"), std::string::npos) << table;
  EXPECT_NE(row.find("colour"), std::string::npos) << table;
}

}  // namespace
}  // namespace streamit::plugins
