// The web app, local media and contract documents served over real loopback sockets.
#include "web/static_routes.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "http/http_server.h"
#include "log/logger.h"
#include "metrics/registry.h"

namespace streamit::web {
namespace {

namespace fs = std::filesystem;

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

void writeFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

class StaticRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::setOutput(&logs_);
    dir_ = fs::temp_directory_path() /
           ("streamit-web-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    writeFile(dir_ / "app/index.html", "<!doctype html><title>StreamIt</title>");
    writeFile(dir_ / "app/assets/index-3f2a9c.js", "console.log('app')");
    writeFile(dir_ / "app/api/openapi.json", R"({"openapi":"3.1.0"})");
    writeFile(dir_ / "app/api/reference.html", "<!doctype html><script>/*redoc*/</script>");
    writeFile(dir_ / "secret.txt", "outside the root");
    fs::create_symlink(dir_ / "secret.txt", dir_ / "app/leak.txt");
    media_.resize(100'000);
    for (std::size_t i = 0; i < media_.size(); ++i)
      media_[i] = static_cast<char>('a' + i % 26);
    writeFile(dir_ / "media/demo/clip.webm", media_);

    WebConfig config;
    config.root_dir = (dir_ / "app").string();
    config.media_dir = (dir_ / "media").string();
    config.media_max_range_bytes = 65536;
    addWebRoutes(router_, config);
    router_.add("GET", "/api/v1/real",
                [](const http::Request&) { return http::Response::json(200, R"({"ok":true})"); });
    http::HttpConfig httpConfig;
    httpConfig.port = 0;
    httpConfig.threads = 2;
    server_ = std::make_unique<http::HttpServer>(httpConfig, router_, metrics_);
    server_->start();
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
    log::setOutput(nullptr);
  }

  Reply send(const std::string& method, const std::string& path,
             const std::map<std::string, std::string>& headers = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server_->port()));
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
      request.set(name, value);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    Reply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    for (const auto& [name, value] : response)
      reply.headers[name] = value;
    return reply;
  }

  std::ostringstream logs_;
  fs::path dir_;
  std::string media_;
  http::Router router_;
  metrics::Registry metrics_;
  std::unique_ptr<http::HttpServer> server_;
};

TEST_F(StaticRoutesTest, IndexIsRevalidatedAndCarriesTheCsp) {
  const auto reply = send("GET", "/");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "<!doctype html><title>StreamIt</title>");
  EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(reply.header("Cache-Control"), "no-cache");
  EXPECT_NE(
      reply.header("Content-Security-Policy").find("frame-src 'self' https://www.vidking.net"),
      std::string::npos);
  ASSERT_FALSE(reply.header("ETag").empty());
  const auto again = send("GET", "/index.html", {{"If-None-Match", reply.header("ETag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(StaticRoutesTest, HashedAssetsAreImmutable) {
  const auto reply = send("GET", "/assets/index-3f2a9c.js");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "console.log('app')");
  EXPECT_EQ(reply.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(reply.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_TRUE(reply.header("Content-Security-Policy").empty());
}

TEST_F(StaticRoutesTest, RoomLinksGetTheAppShell) {
  const auto reply = send("GET", "/r/ABCDEFGH23");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "<!doctype html><title>StreamIt</title>");
  EXPECT_EQ(reply.header("Cache-Control"), "no-cache");
}

TEST_F(StaticRoutesTest, ApiRoutesWinAndUnknownApiPathsStayJsonErrors) {
  EXPECT_EQ(send("GET", "/api/v1/real").body, R"({"ok":true})");
  for (const char* path : {"/api/v1/none", "/assets/missing.js", "/media/demo/none"}) {
    const auto reply = send("GET", path);
    EXPECT_EQ(reply.status, 404) << path;
    EXPECT_NE(reply.body.find(R"("code":"NOT_FOUND")"), std::string::npos) << path;
    EXPECT_EQ(reply.header("Content-Type"), "application/json") << path;
  }
  EXPECT_EQ(send("POST", "/").status, 404);
}

TEST_F(StaticRoutesTest, NothingOutsideTheRootIsServed) {
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/leak.txt",
                           "/assets/..%2f..%2fsecret.txt", "/media/../secret.txt"}) {
    const auto reply = send("GET", path);
    EXPECT_NE(reply.status, 200) << path;
    EXPECT_EQ(reply.body.find("outside the root"), std::string::npos) << path;
  }
}

TEST_F(StaticRoutesTest, ContractDocumentsAtTheirApiPaths) {
  const auto reply = send("GET", "/api/v1/openapi.json");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"openapi":"3.1.0"})");
  EXPECT_EQ(send("GET", "/api/v1/asyncapi.json").status, 404);  // not built in this test
  // The generated reference page inlines its scripts: it gets its own, narrower policy.
  const auto page = send("GET", "/api/v1/docs");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.header("Content-Security-Policy").find("script-src 'unsafe-inline'"),
            std::string::npos);
  EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
}

TEST_F(StaticRoutesTest, MediaRangesAsPlayersAskForThem) {
  auto reply = send("GET", "/media/demo/clip.webm", {{"Range", "bytes=10-19"}});
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.body, media_.substr(10, 10));
  EXPECT_EQ(reply.header("Content-Range"), "bytes 10-19/100000");
  EXPECT_EQ(reply.header("Accept-Ranges"), "bytes");
  EXPECT_EQ(reply.header("Content-Type"), "video/webm");

  reply = send("GET", "/media/demo/clip.webm", {{"Range", "bytes=99990-"}});
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.body, media_.substr(99990));

  // Open-ended from the start: cut to media_max_range_bytes; the player asks for the rest.
  reply = send("GET", "/media/demo/clip.webm", {{"Range", "bytes=0-"}});
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.body.size(), 65536u);
  EXPECT_EQ(reply.header("Content-Range"), "bytes 0-65535/100000");

  reply = send("GET", "/media/demo/clip.webm");  // no Range: the whole file
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, media_);

  reply = send("GET", "/media/demo/clip.webm", {{"Range", "bytes=200000-"}});
  EXPECT_EQ(reply.status, 416);
  EXPECT_NE(reply.body.find(R"("code":"RANGE_NOT_SATISFIABLE")"), std::string::npos);
  EXPECT_EQ(reply.header("Content-Range"), "bytes */100000");
}

TEST_F(StaticRoutesTest, HeadAnnouncesTheLengthWithoutABody) {
  const auto reply = send("HEAD", "/media/demo/clip.webm");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("Content-Length"), "100000");
  EXPECT_EQ(reply.header("Accept-Ranges"), "bytes");
  EXPECT_TRUE(reply.body.empty());
  const auto index = send("HEAD", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.header("Content-Length"), "38");
}

}  // namespace
}  // namespace streamit::web
