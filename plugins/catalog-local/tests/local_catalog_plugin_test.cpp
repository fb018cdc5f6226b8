// The REAL libcatalog_local.so loaded by the kernel's PluginManager (with the kernel's config
// validator), called through the kernel-side CatalogClient.
#include <gtest/gtest.h>

#include <fstream>
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

class CatalogLocalPlugin : public ::testing::Test {
 protected:
  PluginStatus load(const std::string& configJson) {
    manager_.reset();
    manager_ =
        testing::loadSinglePlugin(STREAMIT_CATALOG_LOCAL_PLUGIN_PATH, dir_, "libcatalog_local.so",
                                  "catalog.local", configJson, &store_, metrics_);
    return manager_->statuses().at(0);
  }
  CatalogClient demo() {
    PluginStatus s = load(R"({"file":")" + std::string(STREAMIT_CATALOG_LOCAL_DEMO) + "\"}");
    EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
    return CatalogClient(manager_->catalog("catalog.local"));
  }
  std::string writeCatalog(const std::string& content) {
    std::filesystem::path p = tmp_.path() / "catalog.yaml";
    std::ofstream(p) << content;
    return p.string();
  }

  streamit::testing::TempDir tmp_{"streamit-catalog-local"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"streamit:", metrics_};
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(CatalogLocalPlugin, SearchesTheDemoCatalog) {
  CatalogClient c = demo();
  sdk::CatalogQuery q;
  q.text = "sintel";
  auto r = c.search(q);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.value.items.size(), 1u);
  const sdk::CatalogItem& sintel = r.value.items[0];
  EXPECT_EQ(sintel.id, "local:sintel");
  EXPECT_EQ(sintel.type, "movie");
  EXPECT_EQ(sintel.title, "Sintel");
  EXPECT_EQ(sintel.year, 2010u);
  EXPECT_EQ(sintel.provider, "provider.direct");
  EXPECT_EQ(sintel.reference.rfind("https://", 0), 0u);
  EXPECT_FALSE(sintel.genres.empty());

  q.text = "";
  q.type = "movie";
  q.page_size = 3;
  q.page = 2;
  auto page = c.search(q);
  ASSERT_TRUE(page.ok()) << page.error;
  EXPECT_EQ(page.value.items.size(), 3u);
  EXPECT_EQ(page.value.page, 2u);
  EXPECT_EQ(page.value.total_results, 7u);
  EXPECT_EQ(page.value.total_pages, 3u);

  q.type = "anime";
  EXPECT_EQ(c.search(q).status, STREAMIT_STATUS_INVALID_ARGUMENT);
}

TEST_F(CatalogLocalPlugin, DetailsSeasonsAndEpisodes) {
  CatalogClient c = demo();
  auto bbb = c.details("local:big-buck-bunny");
  ASSERT_TRUE(bbb.ok()) << bbb.error;
  EXPECT_EQ(bbb.value.title, "Big Buck Bunny");
  EXPECT_EQ(bbb.value.year, 2008u);
  EXPECT_NE(bbb.value.poster, "");

  auto missing = c.details("local:nope");
  EXPECT_EQ(missing.status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(missing.error, "no catalog entry 'local:nope'");

  auto show = c.details("local:caminandes");
  ASSERT_TRUE(show.ok()) << show.error;
  EXPECT_EQ(show.value.type, "tv");
  EXPECT_EQ(show.value.season_count, 1u);

  auto seasons = c.episodes("local:caminandes", 0);
  ASSERT_TRUE(seasons.ok()) << seasons.error;
  ASSERT_EQ(seasons.value.size(), 1u);
  EXPECT_EQ(seasons.value[0].season_number, 1u);
  EXPECT_EQ(seasons.value[0].type, "tv");

  auto episodes = c.episodes("local:caminandes", 1);
  ASSERT_TRUE(episodes.ok()) << episodes.error;
  ASSERT_EQ(episodes.value.size(), 3u);
  EXPECT_EQ(episodes.value[2].type, "episode");
  EXPECT_EQ(episodes.value[2].id, "local:caminandes:1:3");
  EXPECT_EQ(episodes.value[2].episode_number, 3u);
  EXPECT_EQ(episodes.value[2].year, 2016u);

  EXPECT_EQ(c.episodes("local:caminandes", 9).status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(c.episodes("local:sintel", 0).status, STREAMIT_STATUS_INVALID_ARGUMENT);
}

TEST_F(CatalogLocalPlugin, MalformedFileRefusesCreateNamingEntryAndField) {
  const std::string file = writeCatalog(
      "items:\n  - {id: ok, type: movie, title: Ok}\n"
      "  - {id: bad, type: movie, title: Bad, year: soon}\n");
  PluginStatus s = load(R"({"file":")" + file + "\"}");
  EXPECT_NE(loadStateName(s.state), "loaded");
  EXPECT_NE(s.reason.find("items[1] (bad).year: expected an integer"), std::string::npos)
      << s.reason;
  EXPECT_NE(s.reason.find(file), std::string::npos) << s.reason;

  PluginStatus gone = load(R"({"file":"/nonexistent/catalog.yaml"})");
  EXPECT_NE(loadStateName(gone.state), "loaded");
  EXPECT_NE(gone.reason.find("file: /nonexistent/catalog.yaml: cannot be read"), std::string::npos)
      << gone.reason;
}

TEST_F(CatalogLocalPlugin, InvalidConfigIsRefusedNamingTheKey) {
  struct Case {
    std::string config;
    const char* key;
  };
  const Case cases[] = {
      {R"({})", "file"},
      {R"({"file":42})", "file"},
      {R"({"file":"/x.yaml","max_page_size":0})", "max_page_size"},
      {R"({"file":"/x.yaml","max_page_size":500})", "max_page_size"},
      {R"({"file":"/x.yaml","path":"/y.yaml"})", "path"},
  };
  for (const Case& k : cases) {
    PluginStatus s = load(k.config);
    EXPECT_NE(loadStateName(s.state), "loaded") << k.config;
    EXPECT_NE(s.reason.find(k.key), std::string::npos) << k.config << " → " << s.reason;
  }
  const std::string file = writeCatalog("items: []\n");
  EXPECT_EQ(loadStateName(load(R"({"file":")" + file + R"(","max_page_size":10})").state),
            "loaded");
}

}  // namespace
}  // namespace streamit::plugins
