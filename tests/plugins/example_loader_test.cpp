// Loads the example provider that sdk_out_of_tree.sh built against the INSTALLED SDK and
// exercises it through the kernel (PluginManager + ProviderClient), like a real deployment.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "config/plugin_config_check.h"
#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "plugins/plugin_clients.h"
#include "realtime/memory_store.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

TEST(OutOfTreeExample, LoadsAndResolvesThroughTheKernel) {
  const char* built = std::getenv("STREAMIT_EXAMPLE_PLUGIN");
  ASSERT_NE(built, nullptr) << "run through tests/plugins/sdk_out_of_tree.sh";
  streamit::testing::TempDir tmp("streamit-example");
  auto dir = tmp.path() / "plugins";
  testing::installLibrary(built, dir, "libprovider_example.so");

  metrics::Registry metrics;
  realtime::MemoryStore store("streamit:", metrics);
  PluginManagerOptions options;
  options.validator = &config::checkPluginConfig;
  options.store = &store;
  options.metrics = &metrics;
  PluginManager manager(options);
  auto config = testing::oneInstance(dir, "provider.example", "libprovider_example.so",
                                     R"({"base_url":"https://media.example.org"})", true);
  const auto& statuses = manager.loadAll(config);
  printPluginList(statuses, std::cout);
  ASSERT_EQ(loadStateName(statuses.at(0).state), "loaded") << statuses.at(0).reason;
  EXPECT_EQ(statuses.at(0).kind, "provider");

  ProviderClient client(manager.provider("provider.example"));
  auto r = client.resolve("example:big-buck-bunny");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.provider, "provider.example");
  EXPECT_EQ(r.value.kind, STREAMIT_SOURCE_MP4);
  EXPECT_EQ(r.value.url, "https://media.example.org/big-buck-bunny.mp4");
  EXPECT_EQ(r.value.capabilities & STREAMIT_CAP_CAN_SEEK, STREAMIT_CAP_CAN_SEEK);
  auto missing = client.resolve("other:thing");
  EXPECT_EQ(missing.status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(client.checkAvailability("example:big-buck-bunny").status, STREAMIT_STATUS_OK);
  EXPECT_NE(metrics.renderPrometheus().find(
                "streamit_plugin_resolves_total{plugin=\"provider.example\"}"),
            std::string::npos);
  // The example caches resolved sources in its own namespace.
  EXPECT_EQ(store.scan("plugin:{provider.example}:cache:*"),
            std::vector<std::string>{"plugin:{provider.example}:cache:source:big-buck-bunny"});
  EXPECT_GT(store.pttl("plugin:{provider.example}:cache:source:big-buck-bunny"), 0);
  // Its schema is enforced by the kernel before create() runs.
  PluginManager strict(options);
  auto bad = strict.loadAll(testing::oneInstance(dir, "provider.example", "libprovider_example.so",
                                                 R"({"base_url":["x"]})"));
  EXPECT_EQ(bad.at(0).reason,
            "invalid config: provider.example: base_url: expected string, got array");
}

}  // namespace
}  // namespace streamit::plugins
