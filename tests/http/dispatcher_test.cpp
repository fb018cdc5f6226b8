#include "http/dispatcher.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <sstream>

#include "http/api_error.h"
#include "util/backend_error.h"

namespace streamit::http {
namespace {

Poco::JSON::Object::Ptr errorOf(const Response& response) {
  Poco::JSON::Parser parser;
  auto root = parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
  return root->getObject("error");
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::setOutput(&logs_);
    router_.add("GET", "/ok/{id}", [](const Request& r) {
      return Response::json(200, "{\"id\":\"" + r.pathParams.at("id") + "\"}");
    });
    router_.add("GET", "/api-error", [](const Request&) -> Response {
      throw ApiError(errors::kValidationFailed, "page must be >= 1", {{"field", "page"}});
    });
    router_.add("GET", "/db-down", [](const Request&) -> Response {
      throw util::BackendUnavailable("database", "connection refused");
    });
    router_.add("GET", "/redis-down", [](const Request&) -> Response {
      throw util::BackendUnavailable("realtime", "timeout");
    });
    router_.add("GET", "/boom", [](const Request&) -> Response {
      throw std::runtime_error("secret internal detail");
    });
  }
  void TearDown() override { log::setOutput(nullptr); }

  Response get(const std::string& path, const std::string& method = "GET") {
    Request request;
    request.method = method;
    request.path = path;
    request.requestId = "req-1";
    return dispatcher_.dispatch(request);
  }

  std::ostringstream logs_;
  Router router_;
  metrics::Registry metrics_;
  Dispatcher dispatcher_{router_, metrics_, true};
};

TEST_F(DispatcherTest, RunsHandlerWithParams) {
  const auto response = get("/ok/7");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"id":"7"})");
}

TEST_F(DispatcherTest, UnknownRouteIsNotFoundEnvelope) {
  const auto response = get("/nope");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(errorOf(response)->getValue<std::string>("code"), "NOT_FOUND");
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  const auto response = get("/ok/1", "POST");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.at("Allow"), "GET");
  EXPECT_EQ(errorOf(response)->getValue<std::string>("code"), "METHOD_NOT_ALLOWED");
}

TEST_F(DispatcherTest, ApiErrorKeepsCodeMessageAndDetails) {
  const auto response = get("/api-error");
  EXPECT_EQ(response.status, 400);
  const auto error = errorOf(response);
  EXPECT_EQ(error->getValue<std::string>("code"), "VALIDATION_FAILED");
  EXPECT_EQ(error->getValue<std::string>("message"), "page must be >= 1");
  EXPECT_EQ(error->getObject("details")->getValue<std::string>("field"), "page");
}

TEST_F(DispatcherTest, BackendOutagesMapTo503Codes) {
  auto db = get("/db-down");
  EXPECT_EQ(db.status, 503);
  EXPECT_EQ(errorOf(db)->getValue<std::string>("code"), "DB_UNAVAILABLE");
  auto rt = get("/redis-down");
  EXPECT_EQ(rt.status, 503);
  EXPECT_EQ(errorOf(rt)->getValue<std::string>("code"), "STATE_UNAVAILABLE");
}

TEST_F(DispatcherTest, UnexpectedExceptionDoesNotLeakDetails) {
  const auto response = get("/boom");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(errorOf(response)->getValue<std::string>("code"), "INTERNAL_ERROR");
  EXPECT_EQ(response.body.find("secret internal detail"), std::string::npos);
  EXPECT_NE(logs_.str().find("secret internal detail"), std::string::npos);
}

TEST_F(DispatcherTest, CountsRequestsByRouteAndStatusAndLogsAccess) {
  get("/ok/1");
  get("/ok/2");
  get("/nope");
  const auto text = metrics_.renderPrometheus();
  EXPECT_NE(
      text.find(R"(streamit_http_requests_total{method="GET",route="/ok/{id}",status="200"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(streamit_http_requests_total{method="GET",route="unmatched",status="404"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find("streamit_http_request_duration_seconds_bucket{route=\"/ok/{id}\",le=\"+Inf\"} 2"),
      std::string::npos)
      << text;
  EXPECT_NE(logs_.str().find(R"("route":"/ok/{id}","status":"200")"), std::string::npos)
      << logs_.str();
}

}  // namespace
}  // namespace streamit::http
