// The REAL libcatalog_tmdb.so loaded by the kernel's PluginManager (with the kernel's config
// validator and a real MemoryStore as the host cache), called through the kernel-side
// CatalogClient, against an in-process fake TMDB serving v3-shaped fixtures and counting requests.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
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

constexpr const char* kKey = "k3y-123";
constexpr const char* kImg = "https://image.tmdb.org/t/p/";

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(STREAMIT_TMDB_FIXTURES) + "/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string pathOf(const std::string& target) {
  return target.substr(0, target.find('?'));
}
std::map<std::string, std::string> paramsOf(const std::string& target) {
  std::map<std::string, std::string> out;
  auto q = target.find('?');
  if (q == std::string::npos)
    return out;
  std::stringstream s(target.substr(q + 1));
  std::string kv;
  while (std::getline(s, kv, '&')) {
    auto eq = kv.find('=');
    out[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
  }
  return out;
}

FakeReply json(const std::string& file, int status = 200) {
  return FakeReply{status, {{"Content-Type", "application/json;charset=utf-8"}}, fixture(file)};
}

class CatalogTmdbPlugin : public ::testing::Test {
 protected:
  PluginStatus load(const std::string& configJson) {
    manager_.reset();
    manager_ =
        testing::loadSinglePlugin(STREAMIT_CATALOG_TMDB_PLUGIN_PATH, dir_, "libcatalog_tmdb.so",
                                  "catalog.tmdb", configJson, &store_, metrics_);
    return manager_->statuses().at(0);
  }
  CatalogClient client(const std::string& extra = "", const std::string& auth = "") {
    PluginStatus s = load(config(extra, auth));
    EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
    return CatalogClient(manager_->catalog("catalog.tmdb"));
  }
  std::string config(const std::string& extra = "", const std::string& auth = "") {
    return R"({"base_url":")" + fake_.url() + "\"," +
           (auth.empty() ? std::string(R"("api_key":")") + kKey + "\"" : auth) + extra + "}";
  }
  std::size_t count(const std::string& path) const {
    std::size_t n = 0;
    for (const auto& r : fake_.requests())
      n += pathOf(r.target) == path ? 1 : 0;
    return n;
  }

  // Fake TMDB. api_key must be kKey (else 401, like the real one); "busy" answers 429 once,
  // "flood" always, "slow" asks for a long back-off.
  std::atomic<int> busyCalls_{0};
  FakeHttpServer fake_{[this](const FakeRequest& r) {
    const std::string path = pathOf(r.target);
    auto params = paramsOf(r.target);
    auto auth = r.headers.find("Authorization");
    const bool bearerOk = auth != r.headers.end() && auth->second == "Bearer t0ken";
    if (params["api_key"] != kKey && !bearerOk)
      return json("error_401.json", 401);
    if (path == "/configuration")
      return json("configuration.json");
    if (path == "/genre/movie/list")
      return json("genre_movie_list.json");
    if (path == "/genre/tv/list")
      return json("genre_tv_list.json");
    if (path == "/search/multi") {
      if (params["query"] == "busy" && busyCalls_++ == 0)
        return FakeReply{429, {{"Retry-After", "1"}}, fixture("error_429.json")};
      if (params["query"] == "flood")
        return FakeReply{429, {{"Retry-After", "1"}}, fixture("error_429.json")};
      if (params["query"] == "slow")
        return FakeReply{429, {{"Retry-After", "30"}}, fixture("error_429.json")};
      return json("search_multi.json");
    }
    if (path == "/search/movie")
      return json(params["page"] == "2" ? "search_movie_p2.json" : "search_movie_p1.json");
    if (path == "/search/tv")
      return json("search_tv.json");
    if (path == "/movie/603")
      return json("movie_603.json");
    if (path == "/tv/1399")
      return json("tv_1399.json");
    if (path == "/tv/1399/season/1")
      return json("tv_1399_season_1.json");
    if (path == "/movie/500")
      return FakeReply{503, {}, "upstream maintenance"};
    return json("error_404.json", 404);
  }};
  streamit::testing::TempDir tmp_{"streamit-catalog-tmdb"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"streamit:", metrics_};
  std::unique_ptr<realtime::RedisStore> downStore_;  // declared before the manager it serves
  std::unique_ptr<PluginManager> manager_;
};

sdk::CatalogQuery query(const std::string& text, const std::string& type = "", uint32_t year = 0,
                        uint32_t page = 1) {
  sdk::CatalogQuery q;
  q.text = text;
  q.type = type;
  q.year = year;
  q.page = page;
  return q;
}

TEST_F(CatalogTmdbPlugin, MultiSearchNormalizesMoviesAndShowsAndSkipsPeople) {
  CatalogClient c = client();
  auto r = c.search(query("the matrix"));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.value.items.size(), 3u);  // the person is skipped
  EXPECT_EQ(r.value.page, 1u);
  EXPECT_EQ(r.value.total_pages, 3u);
  EXPECT_EQ(r.value.total_results, 55u);

  const sdk::CatalogItem& movie = r.value.items[0];
  EXPECT_EQ(movie.id, "tmdb:movie:603");
  EXPECT_EQ(movie.type, "movie");
  EXPECT_EQ(movie.title, "The Matrix");
  EXPECT_EQ(movie.year, 1999u);
  EXPECT_NE(movie.overview.find("22nd century"), std::string::npos);
  EXPECT_EQ(movie.poster, std::string(kImg) + "w342/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg");
  EXPECT_EQ(movie.backdrop, std::string(kImg) + "w780/fNG7i7RqMErkcqhohV2a6cV1Ehy.jpg");
  EXPECT_EQ(movie.genres, (std::vector<std::string>{"Action", "Science Fiction"}));
  EXPECT_EQ(movie.provider, "provider.vidking");
  EXPECT_EQ(movie.reference, "movie:603");

  const sdk::CatalogItem& show = r.value.items[1];
  EXPECT_EQ(show.id, "tmdb:tv:1399");
  EXPECT_EQ(show.type, "tv");
  EXPECT_EQ(show.title, "Game of Thrones");  // tv uses name
  EXPECT_EQ(show.year, 2011u);               // from first_air_date
  EXPECT_EQ(show.genres,
            (std::vector<std::string>{"Sci-Fi & Fantasy", "Drama", "Action & Adventure"}));
  EXPECT_EQ(show.provider, "");  // a show is played per episode

  const sdk::CatalogItem& bare = r.value.items[2];  // nulls and empty dates
  EXPECT_EQ(bare.year, 0u);
  EXPECT_EQ(bare.poster, "");
  EXPECT_EQ(bare.backdrop, "");

  // The real request shape: query encoded, page, include_adult, key as a query parameter.
  bool sawSearch = false;
  for (const auto& req : fake_.requests()) {
    if (pathOf(req.target) != "/search/multi")
      continue;
    sawSearch = true;
    EXPECT_EQ(req.target, "/search/multi?query=the%20matrix&page=1&include_adult=false&api_key=" +
                              std::string(kKey));
  }
  EXPECT_TRUE(sawSearch);
}

TEST_F(CatalogTmdbPlugin, TypedSearchPagingAndYearFilters) {
  CatalogClient c = client(R"(,"language":"en-US")");
  auto p2 = c.search(query("matrix", "movie", 1999, 2));
  ASSERT_TRUE(p2.ok()) << p2.error;
  EXPECT_EQ(p2.value.page, 2u);
  EXPECT_EQ(p2.value.total_pages, 2u);
  EXPECT_EQ(p2.value.total_results, 21u);
  ASSERT_EQ(p2.value.items.size(), 0u);  // page 2 holds a 2003 film: the year filter applies

  auto p1 = c.search(query("matrix", "movie", 0, 1));
  ASSERT_TRUE(p1.ok()) << p1.error;
  ASSERT_EQ(p1.value.items.size(), 1u);
  EXPECT_EQ(p1.value.items[0].id, "tmdb:movie:603");

  auto tv = c.search(query("thrones", "tv", 2011));
  ASSERT_TRUE(tv.ok()) << tv.error;
  ASSERT_EQ(tv.value.items.size(), 1u);
  EXPECT_EQ(tv.value.items[0].type, "tv");
  EXPECT_EQ(tv.value.items[0].genres, (std::vector<std::string>{"Sci-Fi & Fantasy", "Drama"}));

  std::vector<std::map<std::string, std::string>> searches;
  for (const auto& req : fake_.requests()) {
    if (pathOf(req.target).rfind("/search/", 0) == 0)
      searches.push_back(paramsOf(req.target));
  }
  ASSERT_EQ(searches.size(), 3u);
  EXPECT_EQ(searches[0]["year"], "1999");
  EXPECT_EQ(searches[0]["page"], "2");
  EXPECT_EQ(searches[0]["language"], "en-US");
  EXPECT_EQ(searches[2]["first_air_date_year"], "2011");
  EXPECT_EQ(count("/search/tv"), 1u);

  EXPECT_EQ(c.search(query("x", "anime")).status, STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(c.search(query("")).status, STREAMIT_STATUS_INVALID_ARGUMENT);
}

TEST_F(CatalogTmdbPlugin, DetailsWithGenresAndConfiguredImageSizes) {
  CatalogClient c = client(R"(,"poster_size":"w500","backdrop_size":"w1280")");
  auto m = c.details("tmdb:movie:603");
  ASSERT_TRUE(m.ok()) << m.error;
  EXPECT_EQ(m.value.title, "The Matrix");
  EXPECT_EQ(m.value.genres, (std::vector<std::string>{"Action", "Science Fiction"}));
  EXPECT_EQ(m.value.poster, std::string(kImg) + "w500/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg");
  EXPECT_EQ(m.value.backdrop, std::string(kImg) + "w1280/fNG7i7RqMErkcqhohV2a6cV1Ehy.jpg");
  EXPECT_EQ(m.value.reference, "movie:603");

  auto tv = c.details("tv:1399");  // the prefix is optional
  ASSERT_TRUE(tv.ok()) << tv.error;
  EXPECT_EQ(tv.value.type, "tv");
  EXPECT_EQ(tv.value.season_count, 2u);  // Specials not counted
  EXPECT_EQ(tv.value.genres.size(), 3u);

  auto missing = c.details("tmdb:movie:999");
  EXPECT_EQ(missing.status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(missing.error, "TMDB has no movie 999 (HTTP 404)");

  auto broken = c.details("movie:500");
  EXPECT_EQ(broken.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(broken.error.find("TMDB answered HTTP 503 for movie 500"), std::string::npos)
      << broken.error;

  EXPECT_EQ(c.details("tmdb:person:1").status, STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(c.details("movie:12x").status, STREAMIT_STATUS_INVALID_ARGUMENT);
}

TEST_F(CatalogTmdbPlugin, SeasonsAndEpisodesCarryVidkingReferences) {
  CatalogClient c = client();
  auto seasons = c.episodes("tmdb:tv:1399", 0);
  ASSERT_TRUE(seasons.ok()) << seasons.error;
  ASSERT_EQ(seasons.value.size(), 2u);
  EXPECT_EQ(seasons.value[0].id, "tmdb:tv:1399:1");
  EXPECT_EQ(seasons.value[0].type, "tv");
  EXPECT_EQ(seasons.value[0].season_number, 1u);
  EXPECT_EQ(seasons.value[0].title, "Season 1");
  EXPECT_EQ(seasons.value[1].year, 2012u);

  auto episodes = c.episodes("tmdb:tv:1399", 1);
  ASSERT_TRUE(episodes.ok()) << episodes.error;
  ASSERT_EQ(episodes.value.size(), 2u);
  const sdk::CatalogItem& e1 = episodes.value[0];
  EXPECT_EQ(e1.id, "tmdb:tv:1399:1:1");
  EXPECT_EQ(e1.type, "episode");
  EXPECT_EQ(e1.title, "Winter Is Coming");
  EXPECT_EQ(e1.season_number, 1u);
  EXPECT_EQ(e1.episode_number, 1u);
  EXPECT_EQ(e1.year, 2011u);
  EXPECT_EQ(e1.provider, "provider.vidking");
  EXPECT_EQ(e1.reference, "tv:1399:1:1");
  EXPECT_EQ(e1.backdrop, std::string(kImg) + "w300/9hGF3WUkBf7cSjMg0cdMDHJkByd.jpg");  // still
  EXPECT_EQ(e1.poster, std::string(kImg) + "w342/wgfKiqzuMrFIkU1M68DDDY8kGC1.jpg");
  EXPECT_EQ(episodes.value[1].reference, "tv:1399:1:2");
  EXPECT_EQ(episodes.value[1].backdrop, "");

  EXPECT_EQ(c.episodes("tmdb:tv:1399", 7).status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(c.episodes("tmdb:movie:603", 0).status, STREAMIT_STATUS_INVALID_ARGUMENT);
}

TEST_F(CatalogTmdbPlugin, RepeatedCallsAreServedFromTheHostCache) {
  CatalogClient c = client();
  ASSERT_TRUE(c.search(query("the matrix")).ok());
  // search + configuration + both genre lists
  EXPECT_EQ(fake_.requestCount(), 4u);
  ASSERT_TRUE(c.search(query("the matrix")).ok());
  EXPECT_EQ(fake_.requestCount(), 4u);  // nothing upstream

  ASSERT_TRUE(c.details("tmdb:tv:1399").ok());
  EXPECT_EQ(fake_.requestCount(), 5u);  // configuration already cached
  ASSERT_TRUE(c.details("tmdb:tv:1399").ok());
  ASSERT_TRUE(c.episodes("tmdb:tv:1399", 0).ok());  // same resource as the details
  EXPECT_EQ(fake_.requestCount(), 5u);
  ASSERT_TRUE(c.episodes("tmdb:tv:1399", 1).ok());
  ASSERT_TRUE(c.episodes("tmdb:tv:1399", 1).ok());
  EXPECT_EQ(fake_.requestCount(), 6u);

  // A new search text or page is a new upstream request; errors are not cached.
  ASSERT_TRUE(c.search(query("the matrix", "", 0, 2)).ok());
  EXPECT_EQ(count("/search/multi"), 2u);
  EXPECT_EQ(c.details("movie:999").status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(c.details("movie:999").status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(count("/movie/999"), 2u);

  // The cache survives the plugin instance: it lives in the realtime store.
  CatalogClient again = client();
  const std::size_t before = fake_.requestCount();
  ASSERT_TRUE(again.search(query("the matrix")).ok());
  EXPECT_EQ(fake_.requestCount(), before);
}

TEST_F(CatalogTmdbPlugin, TtlZeroDisablesCaching) {
  CatalogClient c = client(R"(,"details_ttl_s":0)");
  ASSERT_TRUE(c.details("movie:603").ok());
  ASSERT_TRUE(c.details("movie:603").ok());
  EXPECT_EQ(count("/movie/603"), 2u);
  EXPECT_EQ(count("/configuration"), 1u);
}

TEST_F(CatalogTmdbPlugin, A429WithRetryAfterIsRetriedOnceAfterTheDelay) {
  CatalogClient c = client();
  auto r = c.search(query("busy"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(count("/search/multi"), 2u);  // the 429, then the retry
  EXPECT_EQ(r.value.items.size(), 3u);
}

TEST_F(CatalogTmdbPlugin, Persistent429FailsAfterBoundedRetries) {
  CatalogClient c = client(R"(,"max_retries":1)");
  auto r = c.search(query("flood"));
  EXPECT_EQ(r.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(r.error.find("TMDB rate limited (HTTP 429) for search results after 2 attempt(s)"),
            std::string::npos)
      << r.error;
  EXPECT_EQ(count("/search/multi"), 2u);

  // A Retry-After beyond max_backoff_ms fails at once instead of hammering or hanging.
  CatalogClient impatient = client(R"(,"max_backoff_ms":2000)");
  auto slow = impatient.search(query("slow"));
  EXPECT_EQ(slow.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(slow.error.find("Retry-After 30000 ms exceeds max_backoff_ms 2000"), std::string::npos)
      << slow.error;
  EXPECT_EQ(count("/search/multi"), 3u);
  // ... and the cool-down holds other calls back rather than sending them.
  auto next = impatient.details("movie:603");
  EXPECT_EQ(next.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(next.error.find("backing off"), std::string::npos) << next.error;
  EXPECT_EQ(count("/movie/603"), 0u);
}

TEST_F(CatalogTmdbPlugin, EmptyTokenBucketFailsWithRateLimited) {
  // Two tokens, refilled every 10 s, and no waiting: details + configuration use them up.
  CatalogClient c = client(R"(,"rate_per_s":0.1,"burst":2,"rate_wait_ms":0)");
  ASSERT_TRUE(c.details("movie:603").ok());
  auto r = c.details("tv:1399");
  EXPECT_EQ(r.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(r.error.find("rate limited: outbound TMDB budget"), std::string::npos) << r.error;
  EXPECT_EQ(fake_.requestCount(), 2u);
  ASSERT_TRUE(c.details("movie:603").ok());  // cached answers need no token
}

TEST_F(CatalogTmdbPlugin, BadCredentialsAreAClearDeniedError) {
  CatalogClient c = client("", R"("api_key":"wrong-key-42")");
  auto r = c.search(query("matrix"));
  EXPECT_EQ(r.status, STREAMIT_STATUS_DENIED);
  EXPECT_NE(r.error.find("TMDB rejected the credentials (HTTP 401): Invalid API key"),
            std::string::npos)
      << r.error;
  EXPECT_EQ(r.error.find("wrong-key-42"), std::string::npos) << r.error;
}

TEST_F(CatalogTmdbPlugin, BearerTokenGoesInTheAuthorizationHeader) {
  CatalogClient c = client("", R"("bearer_token":"t0ken")");
  ASSERT_TRUE(c.details("movie:603").ok());
  for (const auto& req : fake_.requests()) {
    EXPECT_EQ(req.headers.at("Authorization"), "Bearer t0ken");
    EXPECT_EQ(req.target.find("api_key"), std::string::npos) << req.target;
  }
}

TEST_F(CatalogTmdbPlugin, SecretsCanComeFromAFile) {
  const auto file = tmp_.path() / "tmdb.key";
  std::ofstream(file) << kKey << "\n";
  CatalogClient c = client("", R"("api_key_file":")" + file.string() + "\"");
  EXPECT_TRUE(c.details("movie:603").ok());
}

TEST_F(CatalogTmdbPlugin, CacheStoreDownOnlyCostsTheCache) {
  downStore_ = testing::unreachableRedisStore(metrics_);
  manager_.reset();
  manager_ =
      testing::loadSinglePlugin(STREAMIT_CATALOG_TMDB_PLUGIN_PATH, dir_, "libcatalog_tmdb.so",
                                "catalog.tmdb", config(), downStore_.get(), metrics_);
  ASSERT_EQ(loadStateName(manager_->statuses().at(0).state), "loaded");
  CatalogClient c(manager_->catalog("catalog.tmdb"));
  ASSERT_TRUE(c.details("movie:603").ok());
  ASSERT_TRUE(c.details("movie:603").ok());
  EXPECT_EQ(count("/movie/603"), 2u);  // no cache: upstream asked each time
}

TEST_F(CatalogTmdbPlugin, UpstreamDownIsUnavailableQuickly) {
  const int deadPort = streamit::testing::freeTcpPort();  // nothing listens here
  PluginStatus s =
      load(R"({"api_key":"k","base_url":"http://127.0.0.1:)" + std::to_string(deadPort) + "\"}");
  ASSERT_EQ(loadStateName(s.state), "loaded") << s.reason;
  CatalogClient c(manager_->catalog("catalog.tmdb"));
  auto r = c.details("movie:603");
  EXPECT_EQ(r.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(r.error.find("TMDB unreachable while asking for movie 603"), std::string::npos)
      << r.error;
}

TEST_F(CatalogTmdbPlugin, InvalidConfigIsRefusedNamingTheKey) {
  const std::string url = R"("base_url":")" + fake_.url() + "\"";
  struct Case {
    std::string config;
    const char* key;
  };
  const Case cases[] = {
      {"{" + url + "}", "api_key"},                                // neither
      {R"({"api_key":"a","bearer_token":"b"})", "bearer_token"},   // both
      {R"({"api_key":"a","api_key_file":"/x"})", "api_key_file"},  // both forms
      {R"({"api_key_file":"/nonexistent/key"})", "api_key_file"},  // unreadable
      {R"({"api_key":"a","poster_size":"w9999"})", "poster_size"},
      {R"({"api_key":"a","backdrop_size":"w342"})", "backdrop_size"},
      {R"({"api_key":"a","rate_per_s":0})", "rate_per_s"},
      {R"({"api_key":"a","rate_per_s":"fast"})", "rate_per_s"},
      {R"({"api_key":"a","burst":0})", "burst"},
      {R"({"api_key":"a","max_retries":10})", "max_retries"},
      {R"({"api_key":"a","search_ttl_s":-1})", "search_ttl_s"},
      {R"({"api_key":"a","base_url":"ftp://api.themoviedb.org/3"})", "base_url"},
      {R"({"api_key":"a","apikey":"b"})", "apikey"},
  };
  for (const Case& k : cases) {
    PluginStatus s = load(k.config);
    EXPECT_NE(loadStateName(s.state), "loaded") << k.config;
    EXPECT_NE(s.reason.find(k.key), std::string::npos) << k.config << " → " << s.reason;
  }
  EXPECT_EQ(loadStateName(load(R"({"bearer_token":"t","rate_per_s":5.5,"burst":3})").state),
            "loaded");
}

}  // namespace
}  // namespace streamit::plugins
