// HostV1 as a plugin sees it: namespaced cache with mandatory TTL, per-plugin metrics, HTTP
// with timeouts, logging tagged with the plugin id.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "config/plugin_config_check.h"
#include "log/logger.h"
#include "metrics/registry.h"
#include "plugin_test_support.h"
#include "plugins/host_services.h"
#include "plugins/plugin_clients.h"
#include "realtime/memory_store.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

namespace fs = std::filesystem;
using sdk::toStr;

struct StringSink final : sdk::BytesSinkV1 {
  void put(StreamItStr v) noexcept override { value = sdk::toString(v); }
  std::string value;
};

class PlaylistHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& res) override {
    res.setContentType("text/plain");
    res.set("X-Path", req.getURI());
    res.send() << "http://cdn.test" << req.getURI() << ".m3u8";
  }
};
class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new PlaylistHandler;
  }
};

class HostServicesTest : public ::testing::Test {
 protected:
  // Remaining TTL of a logical key as the store reports it (ms; -2 when absent).
  std::int64_t ttlOf(const std::string& key) { return store_.pttl(key); }

  metrics::Registry metrics_;  // before the store, which counts into it
  realtime::MemoryStore store_{"streamit:", metrics_};
};

TEST_F(HostServicesTest, CacheIsNamespacedPerPluginAndNeedsATtl) {
  HostServices a("provider.a", "{}", &store_, &metrics_, {});
  HostServices b("provider.b", "{}", &store_, &metrics_, {});
  EXPECT_EQ(a.cacheSet(toStr("k1"), toStr("va"), 1000), STREAMIT_STATUS_OK);
  EXPECT_EQ(b.cacheSet(toStr("k1"), toStr("vb"), 1000), STREAMIT_STATUS_OK);
  StringSink sink;
  EXPECT_EQ(a.cacheGet(toStr("k1"), sink), STREAMIT_STATUS_OK);
  EXPECT_EQ(sink.value, "va");
  // Each plugin's keys live under its own namespace in the shared store.
  auto keys = store_.scan("plugin:*");
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"plugin:{provider.a}:cache:k1",
                                            "plugin:{provider.b}:cache:k1"}));
  EXPECT_EQ(store_.get("plugin:{provider.a}:cache:k1"), "va");
  EXPECT_EQ(store_.get("plugin:{provider.b}:cache:k1"), "vb");
  EXPECT_GT(ttlOf("plugin:{provider.a}:cache:k1"), 0);
  EXPECT_LE(ttlOf("plugin:{provider.a}:cache:k1"), 1000);
  EXPECT_EQ(a.cacheGet(toStr("absent"), sink), STREAMIT_STATUS_NOT_FOUND);
  EXPECT_EQ(a.cacheSet(toStr("k2"), toStr("v"), 0), STREAMIT_STATUS_INVALID_ARGUMENT);
  // A key cannot climb out of its namespace.
  EXPECT_EQ(a.cacheSet(toStr("}:x"), toStr("v"), 1000), STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(a.cacheSet(toStr("a*"), toStr("v"), 1000), STREAMIT_STATUS_INVALID_ARGUMENT);
  // TTLs are capped.
  EXPECT_EQ(a.cacheSet(toStr("long"), toStr("v"), 4000000000u), STREAMIT_STATUS_OK);
  const std::int64_t capped = ttlOf("plugin:{provider.a}:cache:long");
  EXPECT_LE(capped, kMaxCacheTtl.count());
  EXPECT_GT(capped, kMaxCacheTtl.count() - 60000) << "capped at the maximum, not dropped";
  // Nothing the rejected calls tried was written.
  EXPECT_EQ(store_.scan("plugin:{provider.a}:cache:*").size(), 2u);
}

TEST_F(HostServicesTest, CacheUnavailableWithoutStoreOrWhenStoreIsDown) {
  HostServices none("provider.a", "{}", nullptr, nullptr, {});
  StringSink sink;
  EXPECT_EQ(none.cacheGet(toStr("k"), sink), STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_EQ(none.cacheSet(toStr("k"), toStr("v"), 10), STREAMIT_STATUS_UNAVAILABLE);
  none.counterAdd(toStr("x"), 1);  // no registry: dropped, no crash
  // A real Redis store with nothing listening: its calls throw StoreUnavailable.
  auto down = testing::unreachableRedisStore(metrics_);
  HostServices a("provider.a", "{}", down.get(), &metrics_, {});
  EXPECT_EQ(a.cacheGet(toStr("k"), sink), STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_EQ(a.cacheSet(toStr("k"), toStr("v"), 10), STREAMIT_STATUS_UNAVAILABLE);
}

TEST_F(HostServicesTest, CountersAreNamespacedAndLabelledWithThePluginId) {
  HostServices a("provider.a", "{}", &store_, &metrics_, {});
  a.counterAdd(toStr("resolves"), 2);
  a.counterAdd(toStr("Bad-Name"), 1);  // ignored
  std::string text = metrics_.renderPrometheus();
  EXPECT_NE(text.find("streamit_plugin_resolves_total{plugin=\"provider.a\"} 2"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("Bad-Name"), std::string::npos);
}

TEST_F(HostServicesTest, LogLinesCarryThePluginId) {
  std::ostringstream out;
  log::setOutput(&out);
  HostServices a("provider.a", "{}", &store_, &metrics_, {});
  a.log(STREAMIT_LOG_WARN, toStr("upstream slow"));
  log::setOutput(nullptr);
  EXPECT_NE(out.str().find("\"plugin\":\"provider.a\""), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("upstream slow"), std::string::npos);
}

TEST_F(HostServicesTest, HttpRefusesOtherSchemesAndReportsConnectFailures) {
  HostServices a("provider.a", "{}", &store_, &metrics_, {});
  struct Sink final : sdk::HttpResponseSinkV1 {
    void response(uint32_t, const StreamItHeader*, uint64_t, StreamItStr) noexcept override {
      called = true;
    }
    bool called = false;
  } sink;
  StringSink error;
  StreamItHttpRequest req{sizeof(StreamItHttpRequest),
                          500,
                          toStr("GET"),
                          toStr("file:///etc/passwd"),
                          nullptr,
                          0,
                          toStr("")};
  EXPECT_EQ(a.httpRequest(&req, sink, error), STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(error.value, "only http:// and https:// URLs are supported");
  std::string url = "http://127.0.0.1:" + std::to_string(streamit::testing::freeTcpPort()) + "/";
  req.url = toStr(url);
  EXPECT_EQ(a.httpRequest(&req, sink, error), STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_FALSE(error.value.empty());
  EXPECT_FALSE(sink.called);
}

// Through a loaded plugin: the fixture fetches its playlist URL from a local HTTP server and
// remembers references in its cache.
TEST_F(HostServicesTest, LoadedPluginUsesHttpAndCacheThroughTheHost) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 16);
  Poco::Net::HTTPServer server(new Factory, socket, new Poco::Net::HTTPServerParams);
  server.start();
  std::string base = "http://127.0.0.1:" + std::to_string(socket.address().port());

  streamit::testing::TempDir tmp("streamit-plugins");
  fs::path dir = tmp.path() / "plugins";
  testing::installLibrary(testing::fixturePath("valid"), dir, "libvalid.so");
  PluginManagerOptions options;
  options.validator = &config::checkPluginConfig;
  options.store = &store_;
  options.metrics = &metrics_;
  PluginManager manager(options);
  auto status = manager
                    .loadAll(testing::oneInstance(dir, "provider.fixture", "libvalid.so",
                                                  R"({"base_url":"http://media.test"})"))
                    .at(0);
  ASSERT_EQ(loadStateName(status.state), "loaded") << status.reason;
  ProviderClient client(manager.provider("provider.fixture"));

  auto r = client.resolve("http:" + base + "/movie/603");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.url, "http://cdn.test/movie/603.m3u8");

  auto first = client.resolve("cache:last");
  ASSERT_TRUE(first.ok()) << first.error;
  EXPECT_EQ(first.value.url, "none");
  auto second = client.resolve("cache:last");
  EXPECT_EQ(second.value.url, "cache:last");
  EXPECT_EQ(store_.get("plugin:{provider.fixture}:cache:last"), "cache:last");
  const std::int64_t ttl = ttlOf("plugin:{provider.fixture}:cache:last");
  EXPECT_GT(ttl, 50000) << "the fixture caches for 60 s";
  EXPECT_LE(ttl, 60000);
  EXPECT_NE(metrics_.renderPrometheus().find(
                "streamit_plugin_resolves_total{plugin=\"provider.fixture\"} 3"),
            std::string::npos);
  server.stop();
}

}  // namespace
}  // namespace streamit::plugins
