// The REAL libprovider_vidking.so loaded by the kernel's PluginManager, called through the
// kernel-side ProviderClient, against a local fake VidKing.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "plugins/plugin_clients.h"
#include "plugins/plugin_manager.h"
#include "realtime/memory_store.h"
#include "support/fake_http_server.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

using streamit::testing::FakeHttpServer;
using streamit::testing::FakeReply;
using streamit::testing::FakeRequest;

class ProviderVidkingPlugin : public ::testing::Test {
 protected:
  // Loads the plugin with `configJson`; returns its status (loaded or why not).
  PluginStatus load(const std::string& configJson, realtime::RealtimeStore* store = nullptr) {
    manager_.reset();
    manager_ = testing::loadSinglePlugin(STREAMIT_VIDKING_PLUGIN_PATH, dir_,
                                         "libprovider_vidking.so", "provider.vidking", configJson,
                                         store != nullptr ? store : &store_, metrics_);
    return manager_->statuses().at(0);
  }
  ProviderClient client(const std::string& configJson) {
    PluginStatus s = load(configJson);
    EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
    return ProviderClient(manager_->provider("provider.vidking"));
  }
  std::string fakeConfig(const std::string& extra = "") {
    return R"({"base_url":")" + fake_.url() + "\"" + extra + "}";
  }

  // Fake VidKing: 603 and 1399 exist, 500 is broken, 777 never answers, the rest is 404.
  FakeHttpServer fake_{[](const FakeRequest& r) {
    if (r.target == "/embed/movie/603" || r.target == "/embed/tv/1399/1/2")
      return FakeReply{200, {{"Content-Type", "text/html"}}, "<html>player</html>"};
    if (r.target == "/embed/movie/500")
      return FakeReply{503, {}, "maintenance"};
    if (r.target == "/embed/movie/302")
      return FakeReply{302, {{"Location", "/embed/movie/603"}}, ""};
    if (r.target == "/embed/movie/777")
      return FakeReply{200, {}, "", true};
    return FakeReply{404, {}, "not found"};
  }};
  streamit::testing::TempDir tmp_{"streamit-vidking"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"streamit:", metrics_};
  std::unique_ptr<realtime::RedisStore> downStore_;  // declared before the manager it serves
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(ProviderVidkingPlugin, DefaultConfigResolvesToTheRealVidkingOrigin) {
  ProviderClient c = client("{}");
  auto r = c.resolve("movie:603");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.provider, "provider.vidking");
  EXPECT_EQ(r.value.stream_id, "movie:603");
  EXPECT_EQ(r.value.kind, STREAMIT_SOURCE_EMBED);
  EXPECT_EQ(r.value.embed_url, "https://www.vidking.net/embed/movie/603");
  EXPECT_EQ(r.value.url, "");
  EXPECT_EQ(r.value.capabilities, STREAMIT_CAP_REPORTS_TIME | STREAMIT_CAP_SEEK_BY_RELOAD);
  EXPECT_EQ(r.value.capabilities & (STREAMIT_CAP_CAN_SEEK | STREAMIT_CAP_CAN_PAUSE), 0u);
  EXPECT_DOUBLE_EQ(r.value.duration_s, 0);
  EXPECT_EQ(fake_.requestCount(), 0u);  // resolving is pure string work
}

TEST_F(ProviderVidkingPlugin, EveryOptionFromConfigAndPerReference) {
  ProviderClient c = client(fakeConfig(
      R"(,"color":"e50914","auto_play":true,"next_episode":true,"episode_selector":false)"));
  auto tv = c.resolve("tmdb:tv:1399:1:2?progress=95");
  ASSERT_TRUE(tv.ok()) << tv.error;
  EXPECT_EQ(tv.value.stream_id, "tv:1399:1:2");
  EXPECT_EQ(tv.value.embed_url, fake_.url("/embed/tv/1399/1/2?color=e50914&autoPlay=true"
                                          "&nextEpisode=true&episodeSelector=false&progress=95"));
  auto movie = c.resolve("movie:603?color=fff&autoPlay=false");
  ASSERT_TRUE(movie.ok()) << movie.error;
  EXPECT_EQ(movie.value.embed_url, fake_.url("/embed/movie/603?color=fff&autoPlay=false"));
}

TEST_F(ProviderVidkingPlugin, InvalidReferencesAreRejectedWithAClearError) {
  ProviderClient c = client(fakeConfig());
  struct Case {
    const char* reference;
    const char* expected;
  };
  for (const Case& k : {Case{"movie:abc", "TMDB id must be a positive integer, got 'abc'"},
                        Case{"tv:1399:-1:2", "season must be a non-negative integer"},
                        Case{"tv:1399:1", "tv reference must be tv:<tmdb id>:<season>:<episode>"},
                        Case{"movie:603?color=red", "option 'color' must be 3 or 6 hex digits"},
                        Case{"", "empty reference"}}) {
    auto r = c.resolve(k.reference);
    EXPECT_EQ(r.status, STREAMIT_STATUS_INVALID_ARGUMENT) << k.reference;
    EXPECT_NE(r.error.find(k.expected), std::string::npos) << k.reference << " → " << r.error;
    auto a = c.checkAvailability(k.reference);
    EXPECT_EQ(a.status, STREAMIT_STATUS_INVALID_ARGUMENT) << k.reference;
  }
  EXPECT_EQ(fake_.requestCount(), 0u);  // nothing invalid goes upstream
}

TEST_F(ProviderVidkingPlugin, AvailabilityAvailableNotFoundAndUpstreamErrors) {
  ProviderClient c = client(fakeConfig(R"(,"availability_timeout_ms":300)"));
  auto ok = c.checkAvailability("movie:603?progress=10");
  EXPECT_TRUE(ok.ok()) << ok.error;
  EXPECT_TRUE(ok.value);
  EXPECT_TRUE(c.checkAvailability("tv:1399:1:2").ok());
  EXPECT_TRUE(c.checkAvailability("movie:302").ok());  // 3xx: the page exists elsewhere

  auto missing = c.checkAvailability("movie:604");
  EXPECT_EQ(missing.status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(missing.error, "VidKing has no movie:604 (HTTP 404)");

  auto broken = c.checkAvailability("movie:500");
  EXPECT_EQ(broken.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(broken.error.find("VidKing answered HTTP 503 for movie:500"), std::string::npos)
      << broken.error;

  auto silent = c.checkAvailability("movie:777");  // bounded by availability_timeout_ms
  EXPECT_EQ(silent.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(silent.error.find("VidKing unreachable for movie:777"), std::string::npos)
      << silent.error;
  EXPECT_NE(silent.error.find("imeout"), std::string::npos) << silent.error;

  // The probe asks for the bare embed page: options never change whether a title exists.
  auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/embed/movie/603");
  EXPECT_EQ(requests[1].target, "/embed/tv/1399/1/2");
}

TEST_F(ProviderVidkingPlugin, PositiveChecksAreCachedInTheHostCache) {
  ProviderClient cached = client(fakeConfig(R"(,"availability_cache_ttl_s":60)"));
  EXPECT_TRUE(cached.checkAvailability("movie:603").ok());
  EXPECT_TRUE(cached.checkAvailability("tmdb:movie:603?progress=5").ok());  // same title
  EXPECT_EQ(fake_.requestCount(), 1u);
  EXPECT_EQ(store_.get("plugin:{provider.vidking}:cache:available:movie:603"), "1");
  // Not-found answers are not cached: a title added upstream is seen at once.
  EXPECT_EQ(cached.checkAvailability("movie:604").status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(cached.checkAvailability("movie:604").status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(fake_.requestCount(), 3u);

  ProviderClient uncached = client(fakeConfig(R"(,"availability_cache_ttl_s":0)"));
  EXPECT_TRUE(uncached.checkAvailability("tv:1399:1:2").ok());
  EXPECT_TRUE(uncached.checkAvailability("tv:1399:1:2").ok());
  EXPECT_EQ(fake_.requestCount(), 5u);
}

TEST_F(ProviderVidkingPlugin, CacheStoreDownOnlyCostsTheCache) {
  downStore_ = testing::unreachableRedisStore(metrics_);
  PluginStatus s = load(fakeConfig(), downStore_.get());
  ASSERT_EQ(loadStateName(s.state), "loaded") << s.reason;
  ProviderClient c(manager_->provider("provider.vidking"));
  auto r = c.checkAvailability("movie:603");
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(c.checkAvailability("movie:603").ok());
  EXPECT_EQ(fake_.requestCount(), 2u);  // no cache: upstream asked each time
}

TEST_F(ProviderVidkingPlugin, UpstreamDownIsUnavailableQuickly) {
  int deadPort = streamit::testing::freeTcpPort();  // nothing listens here
  ProviderClient c =
      client(R"({"base_url":"http://127.0.0.1:)" + std::to_string(deadPort) + R"("})");
  auto r = c.checkAvailability("movie:603");
  EXPECT_EQ(r.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(r.error.find("VidKing unreachable for movie:603 (http://127.0.0.1:"), std::string::npos)
      << r.error;
  // Resolving does not depend on the upstream at all.
  EXPECT_TRUE(c.resolve("movie:603").ok());
}

TEST_F(ProviderVidkingPlugin, InvalidConfigIsRefusedNamingTheKey) {
  struct Case {
    std::string config;
    const char* key;
  };
  const Case cases[] = {
      {R"({"base_url":42})", "base_url"},
      {R"({"base_url":"ftp://www.vidking.net"})", "base_url"},
      {R"({"base_url":"https://user:pw@www.vidking.net"})", "base_url"},
      {R"({"color":"#e50914"})", "color"},
      {R"({"color":"red"})", "color"},
      {R"({"auto_play":"yes"})", "auto_play"},
      {R"({"next_episode":1})", "next_episode"},
      {R"({"availability_timeout_ms":5})", "availability_timeout_ms"},
      {R"({"availability_timeout_ms":"fast"})", "availability_timeout_ms"},
      {R"({"availability_cache_ttl_s":-1})", "availability_cache_ttl_s"},
      {R"({"autoplay":true})", "autoplay"},
  };
  for (const Case& k : cases) {
    PluginStatus s = load(k.config);
    EXPECT_NE(loadStateName(s.state), "loaded") << k.config;
    EXPECT_NE(s.reason.find(k.key), std::string::npos) << k.config << " → " << s.reason;
  }
  EXPECT_EQ(
      loadStateName(load(fakeConfig(R"(,"color":"ABC","availability_timeout_ms":100)")).state),
      "loaded");
}

}  // namespace
}  // namespace streamit::plugins
