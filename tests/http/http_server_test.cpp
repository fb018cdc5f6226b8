// The HTTP server over real loopback sockets: body limits, request ids, envelope, metrics.
#include "http/http_server.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "http/ops_routes.h"

namespace streamit::http {
namespace {

struct Reply {
  int status = 0;
  std::string body;
  std::string requestId;
};

class FixedHealth : public util::HealthCheck {
 public:
  FixedHealth(std::string name, bool ok) : ok_(ok), name_(std::move(name)) {}
  std::string healthName() const override { return name_; }
  util::HealthStatus checkHealth() override { return {ok_, ok_ ? "ok" : "down for the test"}; }
  bool ok_;

 private:
  std::string name_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::setOutput(&logs_);
    router_.add("POST", "/echo", [](const Request& r) {
      return Response::text(200, r.body, "application/octet-stream");
    });
    addOpsRoutes(router_, metrics_, {{&database_, true}, {&optional_, false}});
    HttpConfig config;
    config.port = 0;
    config.threads = 4;
    config.max_queued = 16;
    config.body_limit_bytes = 1024;
    server_ = std::make_unique<HttpServer>(config, router_, metrics_);
    server_->start();
  }
  void TearDown() override {
    server_.reset();
    log::setOutput(nullptr);
  }

  Reply send(const std::string& method, const std::string& path, const std::string& body = {},
             bool chunked = false, const std::string& requestId = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server_->port()));
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!requestId.empty())
      request.set("X-Request-Id", requestId);
    if (chunked) {
      request.setChunkedTransferEncoding(true);
    } else if (!body.empty() || method == "POST") {
      request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    auto& out = session.sendRequest(request);
    out << body;
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    Reply reply;
    reply.status = response.getStatus();
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.requestId = response.get("X-Request-Id", "");
    return reply;
  }

  std::ostringstream logs_;
  Router router_;
  metrics::Registry metrics_;
  FixedHealth database_{"database", true};
  FixedHealth optional_{"plugins", false};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, EchoesBodyWithinLimit) {
  const auto reply = send("POST", "/echo", std::string(1024, 'a'));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body.size(), 1024U);
}

TEST_F(HttpServerTest, DeclaredOversizedBodyIs413) {
  const auto reply = send("POST", "/echo", std::string(1025, 'a'));
  EXPECT_EQ(reply.status, 413);
  EXPECT_NE(reply.body.find(R"("code":"PAYLOAD_TOO_LARGE")"), std::string::npos) << reply.body;
}

TEST_F(HttpServerTest, ChunkedOversizedBodyIs413) {
  const auto reply = send("POST", "/echo", std::string(5000, 'b'), /*chunked=*/true);
  EXPECT_EQ(reply.status, 413);
  EXPECT_NE(reply.body.find("PAYLOAD_TOO_LARGE"), std::string::npos);
}

TEST_F(HttpServerTest, RequestWithoutLengthOrChunkingHasAnEmptyBody) {
  // Sent by hand: Poco's client always adds a length. The server must answer at once rather
  // than wait for the client to close the connection.
  Poco::Net::StreamSocket socket(
      Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server_->port())));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::string raw = "POST /echo HTTP/1.1\r\nHost: x\r\n\r\n";
  socket.sendBytes(raw.data(), static_cast<int>(raw.size()));
  char buffer[512];
  const int n = socket.receiveBytes(buffer, sizeof buffer);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(n)).rfind("HTTP/1.1 200", 0), 0U);
}

TEST_F(HttpServerTest, RequestIdIsEchoedOrGenerated) {
  EXPECT_EQ(send("GET", "/healthz", {}, false, "abc-123").requestId, "abc-123");
  const auto generated = send("GET", "/healthz", {}, false, "bad id\twith tab").requestId;
  EXPECT_EQ(generated.size(), 16U);
  EXPECT_NE(generated, "bad id\twith tab");
  EXPECT_NE(logs_.str().find(R"("request_id":"abc-123")"), std::string::npos);
}

TEST_F(HttpServerTest, ReadyzIs503OnlyWhenARequiredBackendIsDown) {
  auto ready = send("GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(
      ready.body.find(R"("plugins":{"detail":"down for the test","ok":false,"required":false})"),
      std::string::npos)
      << ready.body;
  database_.ok_ = false;
  auto notReady = send("GET", "/readyz");
  EXPECT_EQ(notReady.status, 503);
  EXPECT_NE(notReady.body.find(R"("status":"not_ready")"), std::string::npos);
}

TEST_F(HttpServerTest, MetricsExposePrometheusText) {
  send("GET", "/healthz");
  const auto reply = send("GET", "/metrics");
  EXPECT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("# TYPE streamit_http_requests_total counter"), std::string::npos);
  EXPECT_NE(reply.body.find(
                R"(streamit_http_requests_total{method="GET",route="/healthz",status="200"} 1)"),
            std::string::npos)
      << reply.body;
  // The scrape's own connection is open; an earlier one may still be closing server-side.
  std::smatch open;
  ASSERT_TRUE(
      std::regex_search(reply.body, open, std::regex("streamit_http_open_connections (\\d+)")))
      << reply.body;
  EXPECT_GE(std::stoi(open[1]), 1);
}

TEST_F(HttpServerTest, SecondServerOnTheSamePortFailsInsteadOfSharingIt) {
  HttpConfig config;
  config.port = server_->port();
  HttpServer second(config, router_, metrics_);
  EXPECT_THROW(second.start(), Poco::Net::NetException);
}

}  // namespace
}  // namespace streamit::http
