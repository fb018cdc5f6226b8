#include "http/request_input.h"

#include <gtest/gtest.h>

#include "http/api_error.h"

namespace streamit::http {
namespace {

std::string codeOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    return std::string(e.code().code) +
           (e.details().count("field") ? ":" + e.details().at("field") : "");
  }
  return "none";
}

Request withBody(std::string body) {
  Request r;
  r.body = std::move(body);
  return r;
}

TEST(RequestInput, RejectsNonJsonAndNonObjects) {
  EXPECT_EQ(codeOf([] { jsonObjectBody(withBody("{nope")); }), "INVALID_JSON");
  EXPECT_EQ(codeOf([] { jsonObjectBody(withBody("[1,2]")); }), "INVALID_JSON");
  EXPECT_EQ(codeOf([] { jsonObjectBody(withBody("")); }), "INVALID_JSON");
  EXPECT_EQ(codeOf([] { jsonObjectBody(withBody(R"({"a":1})")); }), "none");
}

TEST(RequestInput, ValidatesStringFields) {
  const auto object = jsonObjectBody(withBody(R"({"name":"ann","n":3,"empty":"","b":true})"));
  EXPECT_EQ(requireString(*object, "name", 10), "ann");
  EXPECT_EQ(codeOf([&] { requireString(*object, "missing", 10); }), "VALIDATION_FAILED:missing");
  EXPECT_EQ(codeOf([&] { requireString(*object, "n", 10); }), "VALIDATION_FAILED:n");
  EXPECT_EQ(codeOf([&] { requireString(*object, "name", 2); }), "VALIDATION_FAILED:name");
  EXPECT_EQ(codeOf([&] { requireString(*object, "empty", 2); }), "VALIDATION_FAILED:empty");
  EXPECT_FALSE(optionalString(*object, "missing", 5));
  EXPECT_TRUE(optionalBool(*object, "b", false));
  EXPECT_EQ(codeOf([&] { optionalBool(*object, "n", false); }), "VALIDATION_FAILED:n");
}

TEST(RequestInput, ValidatesIntegerQueryParameters) {
  Request r;
  r.query = {{"page", "3"}, {"size", "1000"}, {"bad", "3x"}, {"neg", "-1"}};
  EXPECT_EQ(queryInt(r, "page", 1, 1, 100), 3);
  EXPECT_EQ(queryInt(r, "absent", 7, 1, 100), 7);
  EXPECT_EQ(codeOf([&] { queryInt(r, "size", 1, 1, 100); }), "VALIDATION_FAILED:size");
  EXPECT_EQ(codeOf([&] { queryInt(r, "bad", 1, 1, 100); }), "VALIDATION_FAILED:bad");
  EXPECT_EQ(codeOf([&] { queryInt(r, "neg", 1, 0, 100); }), "VALIDATION_FAILED:neg");
}

TEST(RequestInput, ValidatesIntegerPathParameters) {
  Request r;
  r.pathParams = {{"season", "2"}, {"bad", "two"}, {"big", "1001"}};
  EXPECT_EQ(pathInt(r, "season", 0, 1000), 2);
  EXPECT_EQ(codeOf([&] { pathInt(r, "bad", 0, 1000); }), "VALIDATION_FAILED:bad");
  EXPECT_EQ(codeOf([&] { pathInt(r, "big", 0, 1000); }), "VALIDATION_FAILED:big");
}

}  // namespace
}  // namespace streamit::http
