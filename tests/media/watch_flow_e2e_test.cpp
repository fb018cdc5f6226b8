// Issue 7's "done when", end to end through the real binary and the four real plugins against
// local fake upstreams (media files, VidKing, TMDB serving fixtures in TMDB's shapes): search both
// catalogs, pick an item from each, and get a validated PlaybackSource for it — with the
// upstream calls cached.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "plugin_test_support.h"
#include "support/fake_http_server.h"
#include "support/kernel_process.h"

namespace streamit::media {
namespace {

using streamit::testing::FakeHttpServer;
using streamit::testing::FakeReply;
using streamit::testing::FakeRequest;
using streamit::testing::KernelProcess;
using streamit::testing::TempDir;

constexpr const char* kTmdbKey = "e2e-tmdb-key-7d1c";

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string pathOf(const std::string& target) {
  return target.substr(0, target.find('?'));
}

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

class WatchFlowE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [path, name] :
         {std::pair{STREAMIT_DIRECT_PLUGIN_PATH, "libprovider_direct.so"},
          std::pair{STREAMIT_VIDKING_PLUGIN_PATH, "libprovider_vidking.so"},
          std::pair{STREAMIT_LOCAL_PLUGIN_PATH, "libcatalog_local.so"},
          std::pair{STREAMIT_TMDB_PLUGIN_PATH, "libcatalog_tmdb.so"}}) {
      plugins::testing::installLibrary(path, pluginDir_.path(), name);
    }
    const auto catalogFile = work_.path() / "catalog.yaml";
    std::ofstream(catalogFile) << "items:\n"
                                  "  - id: matrix-trailer\n"
                                  "    type: movie\n"
                                  "    title: The Matrix Trailer (open copy)\n"
                                  "    year: 1999\n"
                                  "    genres: [Trailer]\n"
                                  "    url: "
                               << media_.url("/films/matrix-trailer.mp4") << "\n";
    kernel_ = std::make_unique<KernelProcess>(
        "plugins:\n  directories: [" + pluginDir_.path().string() +
        "]\n  instances:\n"
        "    - {id: provider.direct, library: libprovider_direct.so, required: true,\n"
        "       config: {allow_loopback: true}}\n"
        "    - {id: provider.vidking, library: libprovider_vidking.so, required: true,\n"
        "       config: {base_url: \"" +
        vidking_.url() +
        "\"}}\n"
        "    - {id: catalog.local, library: libcatalog_local.so, required: true,\n"
        "       config: {file: \"" +
        catalogFile.string() +
        "\"}}\n"
        "    - {id: catalog.tmdb, library: libcatalog_tmdb.so, required: true,\n"
        "       config: {api_key: \"" +
        kTmdbKey + "\", base_url: \"" + tmdb_.url() +
        "\"}}\n"
        "media:\n  search_burst: 100\n  resolve_burst: 100\n");
    ASSERT_TRUE(kernel_->start()) << kernel_->log();
  }

  Poco::JSON::Object::Ptr resolvePlay(const Poco::JSON::Object::Ptr& item) {
    const auto play = item->getObject("play");
    EXPECT_TRUE(play) << "item has no play reference";
    if (!play)
      return nullptr;
    const auto reply = streamit::testing::httpRequest(
        kernel_->port(), "POST",
        "/api/v1/providers/" + play->getValue<std::string>("provider") + "/resolve",
        R"({"ref":")" + play->getValue<std::string>("ref") + R"("})");
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? parse(reply.body) : nullptr;
  }

  std::size_t tmdbCalls(const std::string& path) const {
    std::size_t n = 0;
    for (const auto& request : tmdb_.requests())
      n += pathOf(request.target) == path ? 1 : 0;
    return n;
  }

  FakeHttpServer media_{[](const FakeRequest& request) {
    return pathOf(request.target) == "/films/matrix-trailer.mp4"
               ? FakeReply{200, {{"Content-Type", "video/mp4"}}, "", false}
               : FakeReply{404, {}, "", false};
  }};
  FakeHttpServer vidking_{[](const FakeRequest& request) {
    return pathOf(request.target) == "/embed/movie/603"
               ? FakeReply{200, {{"Content-Type", "text/html"}}, "<html>player</html>", false}
               : FakeReply{404, {}, "", false};
  }};
  FakeHttpServer tmdb_{[](const FakeRequest& request) {
    static const std::map<std::string, std::string> kFixtures = {
        {"/configuration", "configuration.json"},
        {"/genre/movie/list", "genre_movie_list.json"},
        {"/genre/tv/list", "genre_tv_list.json"},
        {"/search/multi", "search_multi.json"},
        {"/movie/603", "movie_603.json"},
        {"/tv/1399", "tv_1399.json"},
        {"/tv/1399/season/1", "tv_1399_season_1.json"}};
    if (request.target.find(std::string("api_key=") + kTmdbKey) == std::string::npos) {
      return FakeReply{
          401, {}, readFile(std::string(STREAMIT_TMDB_FIXTURES) + "/error_401.json"), false};
    }
    const auto it = kFixtures.find(pathOf(request.target));
    if (it == kFixtures.end()) {
      return FakeReply{
          404, {}, readFile(std::string(STREAMIT_TMDB_FIXTURES) + "/error_404.json"), false};
    }
    return FakeReply{200,
                     {{"Content-Type", "application/json;charset=utf-8"}},
                     readFile(std::string(STREAMIT_TMDB_FIXTURES) + "/" + it->second),
                     false};
  }};
  TempDir pluginDir_{"streamit-flow-plugins"};
  TempDir work_{"streamit-flow"};
  std::unique_ptr<KernelProcess> kernel_;
};

TEST_F(WatchFlowE2E, SearchBothCatalogsPickAndResolveEach) {
  const auto search = kernel_->get("/api/v1/catalog/search?q=matrix");
  ASSERT_EQ(search.status, 200) << search.body;
  const auto body = parse(search.body);
  const auto reports = body->getArray("catalogs");
  ASSERT_EQ(reports->size(), 2U) << search.body;
  EXPECT_TRUE(reports->getObject(0)->getValue<bool>("ok")) << search.body;
  EXPECT_TRUE(reports->getObject(1)->getValue<bool>("ok")) << search.body;

  Poco::JSON::Object::Ptr local;
  Poco::JSON::Object::Ptr tmdbMovie;
  const auto items = body->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto item = items->getObject(static_cast<unsigned>(i));
    if (!local && item->getValue<std::string>("catalog") == "local")
      local = item;
    if (!tmdbMovie && item->getValue<std::string>("catalog") == "tmdb" &&
        item->getValue<std::string>("type") == "movie") {
      tmdbMovie = item;
    }
  }
  ASSERT_TRUE(local) << search.body;
  ASSERT_TRUE(tmdbMovie) << search.body;
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("catalog"), "local")
      << "catalogs are merged in configuration order";
  EXPECT_EQ(tmdbMovie->getValue<std::string>("title"), "The Matrix");

  // A direct file from the local catalog.
  const auto direct = resolvePlay(local);
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->getValue<std::string>("kind"), "mp4");
  EXPECT_EQ(direct->getValue<std::string>("url"), media_.url("/films/matrix-trailer.mp4"));

  // A TMDB movie played through VidKing: an embed with soft-sync capabilities.
  const auto embed = resolvePlay(tmdbMovie);
  ASSERT_TRUE(embed);
  EXPECT_EQ(embed->getValue<std::string>("provider"), "provider.vidking");
  EXPECT_EQ(embed->getValue<std::string>("kind"), "embed");
  EXPECT_EQ(embed->getValue<std::string>("embed_url").rfind(vidking_.url("/embed/movie/603"), 0),
            0U)
      << embed->getValue<std::string>("embed_url");
  EXPECT_TRUE(embed->getObject("capabilities")->getValue<bool>("seek_by_reload"));
  EXPECT_FALSE(embed->getObject("capabilities")->getValue<bool>("can_pause"));
}

TEST_F(WatchFlowE2E, DetailsAndRepeatedSearchesComeFromTheCache) {
  ASSERT_EQ(kernel_->get("/api/v1/catalog/search?q=matrix").status, 200);
  const auto searchCalls = tmdbCalls("/search/multi");
  EXPECT_EQ(searchCalls, 1U);
  ASSERT_EQ(kernel_->get("/api/v1/catalog/search?q=matrix").status, 200);
  EXPECT_EQ(tmdbCalls("/search/multi"), searchCalls) << "a repeated search must not go upstream";

  const auto details = kernel_->get("/api/v1/catalog/tmdb/movie/tmdb:movie:603");
  ASSERT_EQ(details.status, 200) << details.body;
  const auto item = parse(details.body);
  EXPECT_EQ(item->getValue<std::string>("title"), "The Matrix");
  EXPECT_GT(item->getArray("genres")->size(), 0U);
  EXPECT_EQ(kernel_->get("/api/v1/catalog/tmdb/movie/tmdb:movie:603").status, 200);
  EXPECT_EQ(tmdbCalls("/movie/603"), 1U) << "details are cached too";
  EXPECT_EQ(kernel_->get("/api/v1/catalog/tmdb/tv/tmdb:movie:603").status, 404)
      << "a movie is not found as a tv show";

  // The API key never reaches a log line.
  EXPECT_EQ(kernel_->log().find(kTmdbKey), std::string::npos);
}

}  // namespace
}  // namespace streamit::media
