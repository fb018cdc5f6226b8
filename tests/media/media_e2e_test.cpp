// The media REST surface of the real `streamit` binary with real plugins (provider.direct,
// catalog.local) against a local fake media server: provider listing, resolve with
// availability, every error code, merged catalog search, details, and per-client limits.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <fstream>

#include "plugin_test_support.h"
#include "support/fake_http_server.h"
#include "support/kernel_process.h"

namespace streamit::media {
namespace {

using streamit::testing::FakeHttpServer;
using streamit::testing::FakeReply;
using streamit::testing::FakeRequest;
using streamit::testing::HttpReply;
using streamit::testing::KernelProcess;
using streamit::testing::TempDir;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string errorCode(const HttpReply& reply) {
  try {
    return parse(reply.body)->getObject("error")->getValue<std::string>("code");
  } catch (const std::exception&) {
    return "<no error envelope: " + reply.body + ">";
  }
}

class MediaE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins::testing::installLibrary(STREAMIT_DIRECT_PLUGIN_PATH, pluginDir_.path(),
                                     "libprovider_direct.so");
  }

  // A kernel with provider.direct (loopback allowed: the fake media server is on 127.0.0.1)
  // and the given extra plugin instances and media limits.
  std::unique_ptr<KernelProcess> startKernel(const std::string& extraInstances,
                                             const std::string& mediaYaml) {
    auto kernel = std::make_unique<KernelProcess>(
        "plugins:\n  directories: [" + pluginDir_.path().string() +
        "]\n  instances:\n"
        "    - id: provider.direct\n      library: libprovider_direct.so\n      required: true\n"
        "      config: {allow_loopback: true, timeout_ms: 2000}\n" +
        extraInstances + mediaYaml);
    EXPECT_TRUE(kernel->start()) << kernel->log();
    return kernel;
  }

  HttpReply resolve(KernelProcess& kernel, const std::string& provider, const std::string& body) {
    return streamit::testing::httpRequest(kernel.port(), "POST",
                                          "/api/v1/providers/" + provider + "/resolve", body,
                                          {{"Content-Type", "application/json"}});
  }

  FakeHttpServer media_{[](const FakeRequest& request) {
    if (request.target == "/films/open-movie.mp4") {
      return FakeReply{200, {{"Content-Type", "video/mp4"}, {"Content-Length", "1000"}}, "", false};
    }
    return FakeReply{404, {}, "not here", false};
  }};
  TempDir pluginDir_{"streamit-media-plugins"};
};

TEST_F(MediaE2E, ListsLoadedProvidersAndResolvesADirectUrl) {
  auto kernel = startKernel("", "");
  const auto providers = kernel->get("/api/v1/providers");
  ASSERT_EQ(providers.status, 200) << providers.body;
  EXPECT_NE(providers.body.find(R"("id":"provider.direct")"), std::string::npos) << providers.body;

  const auto url = media_.url("/films/open-movie.mp4");
  const auto reply = resolve(*kernel, "provider.direct", R"({"ref":")" + url + R"("})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto source = parse(reply.body);
  EXPECT_EQ(source->getValue<std::string>("provider"), "provider.direct");
  EXPECT_EQ(source->getValue<std::string>("kind"), "mp4");
  EXPECT_EQ(source->getValue<std::string>("url"), url);
  EXPECT_TRUE(source->getObject("capabilities")->getValue<bool>("can_seek"));
  EXPECT_GE(media_.requestCount(), 1U) << "availability must be checked upstream";
}

TEST_F(MediaE2E, ResolveErrorsCarryTheirRegisteredCodes) {
  auto kernel = startKernel("", "media:\n  resolve_burst: 100\n");
  EXPECT_EQ(errorCode(resolve(*kernel, "provider.direct",
                              R"({"ref":")" + media_.url("/films/missing.mp4") + R"("})")),
            "SOURCE_NOT_FOUND");
  EXPECT_EQ(resolve(*kernel, "provider.nope", R"({"ref":"x"})").status, 404);
  EXPECT_EQ(errorCode(resolve(*kernel, "provider.nope", R"({"ref":"x"})")), "PROVIDER_NOT_FOUND");
  EXPECT_EQ(errorCode(resolve(*kernel, "provider.direct", "{not json")), "INVALID_JSON");
  EXPECT_EQ(errorCode(resolve(*kernel, "provider.direct", R"({"reference":"x"})")),
            "VALIDATION_FAILED");
  EXPECT_EQ(errorCode(resolve(*kernel, "provider.direct", R"({"ref":"ftp://example.org/a.mp4"})")),
            "VALIDATION_FAILED");
  // Upstream down: a closed port answers quickly with a gateway error, not a hang.
  const auto down = resolve(*kernel, "provider.direct",
                            R"({"ref":"http://127.0.0.1:)" +
                                std::to_string(streamit::testing::freeTcpPort()) + R"(/a.mp4"})");
  EXPECT_EQ(down.status, 502) << down.body;
  EXPECT_EQ(errorCode(down), "PROVIDER_UNAVAILABLE");
}

TEST_F(MediaE2E, ResolvesAreLimitedPerClientWithRetryAfter) {
  auto kernel = startKernel("", "media:\n  resolve_rate_per_s: 0.05\n  resolve_burst: 2\n");
  const std::string body = R"({"ref":")" + media_.url("/films/open-movie.mp4") + R"("})";
  EXPECT_EQ(resolve(*kernel, "provider.direct", body).status, 200);
  EXPECT_EQ(resolve(*kernel, "provider.direct", body).status, 200);
  const auto limited = resolve(*kernel, "provider.direct", body);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(errorCode(limited), "RATE_LIMITED");
  const auto retryMs = std::stoll(parse(limited.body)
                                      ->getObject("error")
                                      ->getObject("details")
                                      ->getValue<std::string>("retry_after_ms"));
  EXPECT_GT(retryMs, 0);
  EXPECT_LE(retryMs, 20000);
  ASSERT_EQ(limited.headers.count("Retry-After"), 1U);
  EXPECT_EQ(std::stoll(limited.headers.at("Retry-After")), (retryMs + 999) / 1000);
  const auto before = media_.requestCount();
  resolve(*kernel, "provider.direct", body);
  EXPECT_EQ(media_.requestCount(), before) << "a limited request must not reach the upstream";
}

TEST_F(MediaE2E, SearchWithoutAnyCatalogIsAClearGatewayError) {
  auto kernel = startKernel("", "");
  const auto reply = kernel->get("/api/v1/catalog/search?q=bunny");
  EXPECT_EQ(reply.status, 502);
  EXPECT_EQ(errorCode(reply), "CATALOG_UNAVAILABLE");
  EXPECT_EQ(errorCode(kernel->get("/api/v1/catalog/search")), "VALIDATION_FAILED");
  EXPECT_EQ(errorCode(kernel->get("/api/v1/catalog/search?q=x&type=song")), "VALIDATION_FAILED");
  EXPECT_EQ(errorCode(kernel->get("/api/v1/catalog/search?q=x&page=0")), "VALIDATION_FAILED");
  EXPECT_EQ(errorCode(kernel->get("/api/v1/catalog/nope/movie/1")), "CATALOG_NOT_FOUND");
}

}  // namespace
}  // namespace streamit::media
