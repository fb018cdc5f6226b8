// The REAL libprovider_direct.so loaded by the kernel's PluginManager, called through the
// kernel-side ProviderClient, against a local fake media server.
#include <gtest/gtest.h>

#include <fstream>
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

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(STREAMIT_DIRECT_FIXTURE_DIR) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kHlsType = "application/vnd.apple.mpegurl";

FakeReply route(const FakeRequest& r) {
  const std::string& t = r.target;
  if (t == "/movie.mp4")
    return {200, {{"Content-Type", "video/mp4"}}, "....ftypisom"};
  if (t == "/nohead.webm") {
    if (r.method == "HEAD")
      return {405, {{"Allow", "GET"}}, ""};
    return {206, {{"Content-Type", "video/webm"}, {"Content-Range", "bytes 0-0/1000"}}, "\x1a"};
  }
  if (t == "/nohead501.mp4") {
    if (r.method == "HEAD")
      return {501, {}, ""};
    return {206, {{"Content-Type", "application/octet-stream"}}, "x"};
  }
  if (t == "/hls/master.m3u8")
    return {200, {{"Content-Type", kHlsType}}, fixture("master.m3u8")};
  if (t == "/vod/index.m3u8")
    return {200, {{"Content-Type", "application/x-mpegURL"}}, fixture("media.m3u8")};
  if (t == "/big.m3u8")
    return {200, {{"Content-Type", kHlsType}}, "#EXTM3U\n" + std::string(4000, '#') + "\n"};
  if (t == "/fake.m3u8")
    return {200, {{"Content-Type", kHlsType}}, "<html>not a playlist</html>"};
  if (t == "/page")
    return {200, {{"Content-Type", "text/html; charset=utf-8"}}, "<html></html>"};
  if (t == "/redirect.mp4")
    return {302, {{"Location", "/movie.mp4"}}, ""};
  if (t == "/to-metadata")
    return {302, {{"Location", "http://169.254.169.254/latest/meta-data/"}}, ""};
  if (t == "/to-file")
    return {302, {{"Location", "file:///etc/passwd"}}, ""};
  if (t == "/loop")
    return {302, {{"Location", "/loop"}}, ""};
  if (t == "/broken.mp4")
    return {503, {}, "maintenance"};
  if (t == "/silent.mp4")
    return {200, {}, "", true};
  return {404, {}, "not found"};
}

class ProviderDirectPlugin : public ::testing::Test {
 protected:
  PluginStatus load(const std::string& configJson) {
    manager_.reset();
    manager_ = testing::loadSinglePlugin(STREAMIT_DIRECT_PLUGIN_PATH, dir_, "libprovider_direct.so",
                                         "provider.direct", configJson, &store_, metrics_);
    return manager_->statuses().at(0);
  }
  ProviderClient client(const std::string& configJson = R"({"allow_loopback":true})") {
    PluginStatus s = load(configJson);
    EXPECT_EQ(loadStateName(s.state), "loaded") << s.reason;
    return ProviderClient(manager_->provider("provider.direct"));
  }

  FakeHttpServer fake_{route};
  streamit::testing::TempDir tmp_{"streamit-direct"};
  std::filesystem::path dir_ = tmp_.path() / "plugins";
  metrics::Registry metrics_;
  realtime::MemoryStore store_{"streamit:", metrics_};
  std::unique_ptr<PluginManager> manager_;
};

TEST_F(ProviderDirectPlugin, Mp4AvailableViaHead) {
  ProviderClient c = client();
  auto check = c.checkAvailability(fake_.url("/movie.mp4"));
  ASSERT_TRUE(check.ok()) << check.error;
  auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "HEAD");

  auto r = c.resolve(fake_.url("/movie.mp4"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.provider, "provider.direct");
  EXPECT_EQ(r.value.kind, STREAMIT_SOURCE_MP4);
  EXPECT_EQ(r.value.url, fake_.url("/movie.mp4"));
  EXPECT_EQ(r.value.stream_id, fake_.url("/movie.mp4"));
  EXPECT_DOUBLE_EQ(r.value.duration_s, 0);
  EXPECT_EQ(r.value.capabilities, STREAMIT_CAP_CAN_SEEK | STREAMIT_CAP_CAN_PAUSE |
                                      STREAMIT_CAP_CAN_RATE | STREAMIT_CAP_REPORTS_TIME);
  EXPECT_TRUE(r.value.qualities.empty());
}

TEST_F(ProviderDirectPlugin, HeadRefusedFallsBackToARangedGet) {
  ProviderClient c = client();
  auto r = c.resolve(fake_.url("/nohead.webm"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.kind, STREAMIT_SOURCE_MP4);  // WebM plays where MP4 does; no WebM kind
  auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "HEAD");
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].headers["Range"], "bytes=0-0");
  EXPECT_TRUE(c.checkAvailability(fake_.url("/nohead501.mp4")).ok());
}

TEST_F(ProviderDirectPlugin, NotFoundAndUpstreamErrors) {
  ProviderClient c = client(R"({"allow_loopback":true,"timeout_ms":300})");
  auto missing = c.checkAvailability(fake_.url("/missing.mp4"));
  EXPECT_EQ(missing.status, STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(missing.error, "no media at " + fake_.url("/missing.mp4") + " (HTTP 404)");
  EXPECT_EQ(c.resolve(fake_.url("/missing.mp4")).status, STREAMIT_STATUS_NOT_FOUND);
  auto broken = c.checkAvailability(fake_.url("/broken.mp4"));
  EXPECT_EQ(broken.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_EQ(broken.error, "upstream answered HTTP 503 for " + fake_.url("/broken.mp4"));
  auto silent = c.checkAvailability(fake_.url("/silent.mp4"));  // bounded by timeout_ms
  EXPECT_EQ(silent.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(silent.error.find("upstream unreachable"), std::string::npos) << silent.error;
  auto html = c.resolve(fake_.url("/page"));
  EXPECT_EQ(html.status, STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(html.error.find("unsupported media type 'text/html'"), std::string::npos) << html.error;
}

TEST_F(ProviderDirectPlugin, HlsMasterGivesQualitiesAndSubtitles) {
  ProviderClient c = client();
  auto r = c.resolve(fake_.url("/hls/master.m3u8"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.kind, STREAMIT_SOURCE_HLS);
  EXPECT_EQ(r.value.url, fake_.url("/hls/master.m3u8"));
  EXPECT_DOUBLE_EQ(r.value.duration_s, 0);
  ASSERT_EQ(r.value.qualities.size(), 4u);
  EXPECT_EQ(r.value.qualities[0].label, "1080p");
  EXPECT_EQ(r.value.qualities[0].height, 1080u);
  EXPECT_EQ(r.value.qualities[0].bitrate_kbps, 6000u);
  EXPECT_EQ(r.value.qualities[0].url, fake_.url("/hls/1080p/index.m3u8"));
  EXPECT_EQ(r.value.qualities[1].url, fake_.url("/other/720p.m3u8?token=abc"));
  EXPECT_EQ(r.value.qualities[3].url, "https://cdn2.example.org/360p.m3u8");
  ASSERT_EQ(r.value.subtitles.size(), 2u);
  EXPECT_EQ(r.value.subtitles[0].language, "en");
  EXPECT_EQ(r.value.subtitles[0].label, "English");
  EXPECT_EQ(r.value.subtitles[0].url, fake_.url("/hls/subs/en/index.m3u8"));
  EXPECT_EQ(r.value.subtitles[1].label, "Deutsch, SDH");
  auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 2u);  // the probe, then the playlist
  EXPECT_EQ(requests[0].method, "HEAD");
  EXPECT_EQ(requests[1].method, "GET");
}

TEST_F(ProviderDirectPlugin, MediaPlaylistGivesDuration) {
  ProviderClient c = client();
  auto r = c.resolve(fake_.url("/vod/index.m3u8"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.kind, STREAMIT_SOURCE_HLS);
  EXPECT_DOUBLE_EQ(r.value.duration_s, 33.75);
  EXPECT_TRUE(r.value.qualities.empty());
}

TEST_F(ProviderDirectPlugin, BadPlaylistsAreRefused) {
  ProviderClient c = client(R"({"allow_loopback":true,"max_playlist_bytes":1024})");
  auto big = c.resolve(fake_.url("/big.m3u8"));
  EXPECT_EQ(big.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(big.error.find("larger than max_playlist_bytes (1024)"), std::string::npos)
      << big.error;
  auto fake = c.resolve(fake_.url("/fake.m3u8"));
  EXPECT_EQ(fake.status, STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(fake.error.find("invalid HLS playlist"), std::string::npos) << fake.error;
}

TEST_F(ProviderDirectPlugin, DefaultConfigRefusesLoopbackWithoutAnyRequest) {
  ProviderClient c = client("{}");
  const std::string port = std::to_string(fake_.port());
  for (const std::string& url :
       {fake_.url("/movie.mp4"), "http://localhost:" + port + "/movie.mp4",
        "http://[::1]:" + port + "/movie.mp4", "http://[::ffff:127.0.0.1]:" + port + "/movie.mp4",
        "http://127.1:" + port + "/movie.mp4", "http://0.0.0.0:" + port + "/movie.mp4",
        std::string("http://169.254.169.254/latest/meta-data/"),
        std::string("http://10.0.0.1/a.mp4"), std::string("http://[fd00::1]/a.mp4"),
        std::string("http://100.64.0.1/a.mp4")}) {
    auto check = c.checkAvailability(url);
    EXPECT_EQ(check.status, STREAMIT_STATUS_DENIED) << url << ": " << check.error;
    EXPECT_NE(check.error.find("refused: host '"), std::string::npos) << check.error;
    EXPECT_EQ(c.resolve(url).status, STREAMIT_STATUS_DENIED) << url;
  }
  auto loop = c.checkAvailability(fake_.url("/movie.mp4"));
  EXPECT_EQ(loop.error,
            "refused: host '127.0.0.1' resolves to 127.0.0.1, a loopback address "
            "(set allow_loopback to permit)");
  EXPECT_EQ(fake_.requestCount(), 0u);  // refused before any connection
}

TEST_F(ProviderDirectPlugin, AllowPrivateNetworksDoesNotAllowLoopback) {
  ProviderClient c = client(R"({"allow_private_networks":true})");
  EXPECT_EQ(c.checkAvailability(fake_.url("/movie.mp4")).status, STREAMIT_STATUS_DENIED);
  EXPECT_EQ(fake_.requestCount(), 0u);
}

TEST_F(ProviderDirectPlugin, RedirectsAreFollowedAndEveryHopIsChecked) {
  ProviderClient c = client(R"({"allow_loopback":true,"max_redirects":2})");
  auto ok = c.resolve(fake_.url("/redirect.mp4"));
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.value.url, fake_.url("/redirect.mp4"));  // the client follows it again
  auto metadata = c.checkAvailability(fake_.url("/to-metadata"));
  EXPECT_EQ(metadata.status, STREAMIT_STATUS_DENIED);
  EXPECT_NE(metadata.error.find("169.254.169.254, a link-local address"), std::string::npos)
      << metadata.error;
  auto file = c.checkAvailability(fake_.url("/to-file"));
  EXPECT_EQ(file.status, STREAMIT_STATUS_DENIED);
  EXPECT_NE(file.error.find("scheme 'file' is not allowed"), std::string::npos) << file.error;
  auto loop = c.checkAvailability(fake_.url("/loop"));
  EXPECT_EQ(loop.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(loop.error.find("too many redirects (max_redirects 2)"), std::string::npos)
      << loop.error;
}

TEST_F(ProviderDirectPlugin, InvalidReferencesAndUpstreamDown) {
  ProviderClient c = client();
  for (const char* bad : {"", "ftp://example.org/a.mp4", "file:///etc/passwd",
                          "http://user:pw@example.org/a.mp4", "not a url"}) {
    auto r = c.resolve(bad);
    EXPECT_EQ(r.status, STREAMIT_STATUS_INVALID_ARGUMENT) << bad << ": " << r.error;
  }
  int deadPort = streamit::testing::freeTcpPort();  // nothing listens here
  std::string dead = "http://127.0.0.1:" + std::to_string(deadPort) + "/movie.mp4";
  auto down = c.checkAvailability(dead);
  EXPECT_EQ(down.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_NE(down.error.find("upstream unreachable (" + dead + ")"), std::string::npos)
      << down.error;
  EXPECT_EQ(fake_.requestCount(), 0u);
}

TEST_F(ProviderDirectPlugin, InvalidConfigIsRefusedNamingTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"allow_loopback":"yes"})", "allow_loopback"},
      {R"({"allow_private_networks":1})", "allow_private_networks"},
      {R"({"timeout_ms":10})", "timeout_ms"},
      {R"({"timeout_ms":"slow"})", "timeout_ms"},
      {R"({"max_playlist_bytes":100000000})", "max_playlist_bytes"},
      {R"({"max_redirects":9})", "max_redirects"},
      {R"({"allow_ssrf":true})", "allow_ssrf"},
  };
  for (const auto& [config, key] : cases) {
    PluginStatus s = load(config);
    EXPECT_NE(loadStateName(s.state), "loaded") << config;
    EXPECT_NE(s.reason.find(key), std::string::npos) << config << " → " << s.reason;
  }
  EXPECT_EQ(loadStateName(load(R"({"allow_loopback":false,"allow_private_networks":false,)"
                               R"("timeout_ms":100,"max_playlist_bytes":1024,"max_redirects":0})")
                              .state),
            "loaded");
}

}  // namespace
}  // namespace streamit::plugins
