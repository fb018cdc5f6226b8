#include "http/router.h"

#include <gtest/gtest.h>

namespace streamit::http {
namespace {

Handler named(const std::string& name) {
  return [name](const Request&) { return Response::text(200, name, "text/plain"); };
}

std::string call(const Router& router, const std::string& method, const std::string& path) {
  const auto result = router.route(method, path);
  if (!result.match)
    return result.miss == Router::Miss::kNotFound ? "404" : "405";
  return (*result.match->handler)(Request{}).body;
}

TEST(Router, MatchesLiteralAndParameterRoutes) {
  Router router;
  router.add("GET", "/api/v1/rooms/{code}", named("room"));
  router.add("GET", "/api/v1/rooms/public", named("public"));
  router.add("DELETE", "/api/v1/rooms/{code}", named("delete"));
  EXPECT_EQ(call(router, "GET", "/api/v1/rooms/public"), "public");
  EXPECT_EQ(call(router, "GET", "/api/v1/rooms/ABCD1234"), "room");
  EXPECT_EQ(call(router, "DELETE", "/api/v1/rooms/ABCD1234"), "delete");
  EXPECT_EQ(call(router, "GET", "/api/v1/rooms/ABCD1234/"), "room");
}

TEST(Router, ExtractsAndDecodesParameters) {
  Router router;
  router.add("GET", "/a/{x}/b/{y}", named("ab"));
  const auto result = router.route("GET", "/a/hello%20world/b/42");
  ASSERT_TRUE(result.match);
  EXPECT_EQ(result.match->params.at("x"), "hello world");
  EXPECT_EQ(result.match->params.at("y"), "42");
  EXPECT_EQ(result.match->pattern, "/a/{x}/b/{y}");
}

TEST(Router, DistinguishesNotFoundFromMethodNotAllowed) {
  Router router;
  router.add("GET", "/x", named("x"));
  router.add("POST", "/x", named("x"));
  EXPECT_EQ(call(router, "GET", "/y"), "404");
  const auto result = router.route("PUT", "/x");
  EXPECT_FALSE(result.match);
  EXPECT_EQ(result.miss, Router::Miss::kMethodNotAllowed);
  EXPECT_EQ(result.allowedMethods, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, HeadFallsBackToGet) {
  Router router;
  router.add("GET", "/healthz", named("h"));
  EXPECT_EQ(call(router, "HEAD", "/healthz"), "h");
}

TEST(Router, RejectsEmptySegmentsAndMalformedEscapes) {
  Router router;
  router.add("GET", "/a/{x}", named("a"));
  EXPECT_EQ(call(router, "GET", "/a//"), "404");
  EXPECT_EQ(call(router, "GET", "/a/%zz"), "404");
  EXPECT_EQ(call(router, "GET", "/a/%4"), "404");
  EXPECT_EQ(call(router, "GET", "a/b"), "404");
}

TEST(Router, RefusesBadAndDuplicatePatterns) {
  Router router;
  router.add("GET", "/a/{x}", named("a"));
  EXPECT_THROW(router.add("GET", "/a/{x}", named("a")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{", named("a")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a//b", named("a")), std::invalid_argument);
}

TEST(Query, ParsesPairsAndDecodes) {
  const auto q = parseQuery("page=2&q=star+wars&x=%41&empty=&=novalue&bad=%G1");
  EXPECT_EQ(q.at("page"), "2");
  EXPECT_EQ(q.at("q"), "star wars");
  EXPECT_EQ(q.at("x"), "A");
  EXPECT_EQ(q.at("empty"), "");
  EXPECT_EQ(q.count("bad"), 0U);
  EXPECT_EQ(q.size(), 4U);
}

}  // namespace
}  // namespace streamit::http
