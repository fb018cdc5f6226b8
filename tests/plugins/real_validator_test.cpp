// The loader wired to the kernel's real schema engine (config::checkPluginConfig), as the
// plugins subsystem does: the fixture's declared schema must be accepted and enforced.
#include <gtest/gtest.h>

#include "config/plugin_config_check.h"
#include "plugin_test_support.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

PluginStatus loadValidFixture(const std::string& configJson) {
  streamit::testing::TempDir tmp("streamit-plugins");
  auto dir = tmp.path() / "plugins";
  testing::installLibrary(testing::fixturePath("valid"), dir, "libvalid.so");
  PluginManagerOptions options;
  options.validator = &config::checkPluginConfig;
  PluginManager manager(options);
  return manager.loadAll(testing::oneInstance(dir, "provider.fixture", "libvalid.so", configJson))
      .at(0);
}

TEST(RealSchemaEngine, AcceptsAValidInstanceConfig) {
  PluginStatus s = loadValidFixture(R"({"base_url":"http://media.test","greeting":"hi"})");
  EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
}

TEST(RealSchemaEngine, RefusesAnInvalidOneNamingPluginAndKey) {
  PluginStatus s = loadValidFixture(R"({"greeting":"hi","colour":"red"})");
  EXPECT_EQ(loadStateName(s.state), "refused");
  EXPECT_EQ(s.reason.rfind("invalid config: provider.fixture: ", 0), 0u) << s.reason;
  EXPECT_NE(s.reason.find("base_url"), std::string::npos) << s.reason;
  EXPECT_NE(s.reason.find("colour"), std::string::npos) << s.reason;
}

}  // namespace
}  // namespace streamit::plugins
