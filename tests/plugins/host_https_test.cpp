// Plugins' outbound https through the host: a local TLS server with a certificate made for the
// test. Trusted (via SSL_CERT_FILE, which OpenSSL's default trust store honours) it answers;
// untrusted, or trusted but for another host name, the request fails — verification cannot be
// skipped by a plugin.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>

#include "plugins/host_services.h"
#include "streamit/sdk/types.h"
#include "support/process.h"

namespace streamit::plugins {
namespace {

using streamit::testing::TempDir;

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::atomic<int>& hits) : hits_(hits) {}
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& out) override {
    ++hits_;
    out.setContentType("text/plain");
    out.send() << "secret-garden";
  }

 private:
  std::atomic<int>& hits_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::atomic<int>& hits) : hits_(hits) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(hits_);
  }

 private:
  std::atomic<int>& hits_;
};

struct Outcome {
  StreamItStatus status = STREAMIT_STATUS_ERROR;
  std::uint32_t httpStatus = 0;
  std::string body;
  std::string error;
};

class ResponseSink : public sdk::HttpResponseSinkV1 {
 public:
  explicit ResponseSink(Outcome& o) : o_(o) {}
  void response(uint32_t status, const StreamItHeader*, uint64_t,
                StreamItStr body) noexcept override {
    o_.httpStatus = status;
    o_.body = std::string(sdk::view(body));
  }

 private:
  Outcome& o_;
};

class ErrorSink : public sdk::BytesSinkV1 {
 public:
  explicit ErrorSink(Outcome& o) : o_(o) {}
  void put(StreamItStr value) noexcept override { o_.error = std::string(sdk::view(value)); }

 private:
  Outcome& o_;
};

class HostHttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A self-signed certificate valid for 127.0.0.1 only.
    const auto cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        (dir_.path() / "key.pem").string() + " -out " + cert() + " 2>/dev/null";
    ASSERT_EQ(streamit::testing::runCommand(cmd), 0) << "openssl is required for this test";
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_SERVER_USE, (dir_.path() / "key.pem").string(), cert(), "",
        Poco::Net::Context::VERIFY_NONE);
    Poco::Net::SecureServerSocket socket(context);
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
    socket.listen();
    port_ = socket.address().port();
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(hits_), socket,
                                                      new Poco::Net::HTTPServerParams);
    server_->start();
  }
  void TearDown() override {
    server_->stopAll(true);
    ::unsetenv("SSL_CERT_FILE");
  }

  std::string cert() const { return (dir_.path() / "cert.pem").string(); }

  Outcome get(const std::string& url) {
    HostServices host("provider.https_test", "{}", nullptr, nullptr, HttpLimits{});
    Outcome outcome;
    ResponseSink response(outcome);
    ErrorSink error(outcome);
    const StreamItHttpRequest request{sizeof(StreamItHttpRequest),
                                      3000,
                                      sdk::toStr("GET"),
                                      sdk::toStr(url),
                                      nullptr,
                                      0,
                                      sdk::toStr("")};
    outcome.status = host.httpRequest(&request, response, error);
    return outcome;
  }

  TempDir dir_;
  std::atomic<int> hits_{0};
  int port_ = 0;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

TEST_F(HostHttpsTest, TrustedCertificateAnswers) {
  ::setenv("SSL_CERT_FILE", cert().c_str(), 1);
  const auto outcome = get("https://127.0.0.1:" + std::to_string(port_) + "/hello");
  EXPECT_EQ(outcome.status, STREAMIT_STATUS_OK) << outcome.error;
  EXPECT_EQ(outcome.httpStatus, 200U);
  EXPECT_EQ(outcome.body, "secret-garden");
  EXPECT_EQ(hits_.load(), 1);
}

TEST_F(HostHttpsTest, UntrustedCertificateIsRefused) {
  ::setenv("SSL_CERT_FILE", "/nonexistent-trust-store.pem", 1);
  const auto outcome = get("https://127.0.0.1:" + std::to_string(port_) + "/hello");
  EXPECT_EQ(outcome.status, STREAMIT_STATUS_UNAVAILABLE);
  EXPECT_FALSE(outcome.error.empty());
  EXPECT_EQ(hits_.load(), 0) << "no request may be sent over an unverified connection";
}

TEST_F(HostHttpsTest, CertificateForAnotherHostIsRefused) {
  ::setenv("SSL_CERT_FILE", cert().c_str(), 1);
  // Same server, reached by a name the certificate does not cover.
  const auto outcome = get("https://localhost:" + std::to_string(port_) + "/hello");
  EXPECT_EQ(outcome.status, STREAMIT_STATUS_UNAVAILABLE) << outcome.body;
  EXPECT_EQ(hits_.load(), 0);
}

TEST_F(HostHttpsTest, OtherSchemesAreRefused) {
  const auto outcome = get("ftp://127.0.0.1/file");
  EXPECT_EQ(outcome.status, STREAMIT_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(outcome.error.find("https://"), std::string::npos);
}

}  // namespace
}  // namespace streamit::plugins
