#include "config/json_schema.h"

#include <gtest/gtest.h>

#include <sstream>

#include "config/plugin_config_check.h"
#include "log/logger.h"

namespace streamit::config {
namespace {

// The shape a provider plugin declares in its descriptor.
constexpr const char* kPluginSchema = R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "api_key": {"type": "string", "description": "TMDB API key", "secret": true},
    "region": {"type": "string", "enum": ["US", "DE", "FR"], "default": "US"},
    "timeout_ms": {"type": "integer", "minimum": 100, "maximum": 60000, "default": 3000},
    "ratio": {"type": "number", "minimum": 0, "maximum": 1},
    "cache": {"type": "boolean", "default": true},
    "mirrors": {"type": "array", "items": {"type": "string"}},
    "endpoints": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {"url": {"type": "string"}, "weight": {"type": "integer", "minimum": 1}},
        "required": ["url"],
        "additionalProperties": false
      }
    }
  },
  "required": ["api_key"],
  "additionalProperties": false
})";

std::vector<ConfigIssue> check(const std::string& json) {
  return validateJsonText(parseJsonSchema(kPluginSchema), json);
}

TEST(JsonSchema, ParsesSubset) {
  const SchemaNode schema = parseJsonSchema(kPluginSchema);
  ASSERT_EQ(schema.type, SchemaType::kObject);
  EXPECT_FALSE(schema.additionalProperties);
  ASSERT_EQ(schema.fields.size(), 7u);
  EXPECT_EQ(schema.fields[0].name, "api_key");  // declaration order is kept
  EXPECT_TRUE(schema.fields[0].node.required);
  EXPECT_TRUE(schema.fields[0].node.secret);
  EXPECT_EQ(schema.fields[0].node.description, "TMDB API key");
  const SchemaNode* region = schema.field("region");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->type, SchemaType::kEnum);
  EXPECT_EQ(region->defaultValue, "\"US\"");
  const SchemaNode* timeout = schema.field("timeout_ms");
  EXPECT_EQ(timeout->minimum, 100);
  EXPECT_EQ(timeout->maximum, 60000);
  EXPECT_EQ(timeout->defaultValue, "3000");
  EXPECT_EQ(schema.field("endpoints")->items.front().fields.size(), 2u);
}

TEST(JsonSchema, ValidConfigPasses) {
  EXPECT_TRUE(check(R"({"api_key":"k","region":"DE","timeout_ms":500,"ratio":0.25,)"
                    R"("cache":false,"mirrors":["a"],"endpoints":[{"url":"u","weight":2}]})")
                  .empty());
  EXPECT_TRUE(check(R"({"api_key": "k"})").empty());
}

struct InvalidCase {
  const char* json;
  const char* path;
  const char* message;
};

TEST(JsonSchema, EachInvalidConfigIsRejectedNamingTheKey) {
  const InvalidCase cases[] = {
      {R"({})", "api_key", "missing required key"},
      {R"({"api_key":"k","colour":1})", "colour", "unknown key"},
      {R"({"api_key":"k","timeout_ms":"fast"})", "timeout_ms",
       "expected integer, got string 'fast'"},
      {R"({"api_key":"k","timeout_ms":"500"})", "timeout_ms", "expected integer, got string '500'"},
      {R"({"api_key":"k","timeout_ms":5})", "timeout_ms", "must be ≥ 100"},
      {R"({"api_key":"k","timeout_ms":600000})", "timeout_ms", "must be ≤ 60000"},
      {R"({"api_key":"k","ratio":2.5})", "ratio", "must be ≤ 1"},
      {R"({"api_key":"k","region":"XX"})", "region", "must be one of US|DE|FR, got 'XX'"},
      {R"({"api_key":"k","cache":"yes"})", "cache", "expected boolean, got string 'yes'"},
      {R"({"api_key":"k","mirrors":["a",{}]})", "mirrors[1]", "expected string, got object"},
      {R"({"api_key":42})", "api_key", "expected string, got integer '42'"},
      {R"({"api_key":true})", "api_key", "expected string, got boolean 'true'"},
      {R"({"api_key":"k","endpoints":[{"weight":2}]})", "endpoints[0].url", "missing required key"},
      {R"({"api_key":"k","endpoints":[{"url":"u","extra":true}]})", "endpoints[0].extra",
       "unknown key"},
      {R"({"api_key":null})", "api_key", "expected string, got null"},
  };
  for (const auto& c : cases) {
    const auto issues = check(c.json);
    ASSERT_FALSE(issues.empty()) << c.json;
    EXPECT_EQ(issues.front().path, c.path) << c.json;
    EXPECT_EQ(issues.front().message, c.message) << c.json;
  }
}

TEST(JsonSchema, ReportsLinesOfMultiLineJson) {
  const auto issues = check("{\n  \"api_key\": \"k\",\n  \"timeout_ms\": 1\n}");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 3);
}

TEST(JsonSchema, SyntaxErrorIsAnIssueWithLine) {
  const auto issues = check("{\n  \"api_key\": \"k\",\n  \"x\": [1, 2\n}");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_GT(issues[0].line, 0);
  EXPECT_NE(issues[0].message.find("syntax error"), std::string::npos);
}

TEST(JsonSchema, AdditionalPropertiesDefaultsToAllowed) {
  const SchemaNode schema = parseJsonSchema(R"({"type":"object"})");
  EXPECT_TRUE(schema.isFreeForm());
  EXPECT_TRUE(validateJsonText(schema, R"({"anything":[1]})").empty());
}

TEST(JsonSchema, RejectsUnsupportedOrInconsistentSchemas) {
  const char* bad[] = {
      R"({"type":"object","properties":{"a":{"type":"string","pattern":"x"}}})",
      R"({"type":"object","properties":{"a":{"type":"date"}}})",
      R"({"type":"object","properties":{"a":{}}})",
      R"({"type":"object","required":["missing"]})",
      R"({"type":"array"})",
      R"({"type":"string","minimum":1})",
      R"({"type":"integer","default":"x"})",
      R"({"type":"integer","enum":["a"]})",
      R"([1, 2])",
      R"({"type":)",
  };
  for (const char* text : bad) {
    EXPECT_THROW(parseJsonSchema(text), SchemaError) << text;
  }
  try {
    parseJsonSchema(bad[0]);
  } catch (const SchemaError& e) {
    EXPECT_NE(std::string(e.what()).find("at a: unsupported keyword 'pattern'"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace streamit::config

namespace streamit::config {
namespace {

TEST(PluginConfigCheck, ValidConfigsSecretsAreMaskedInLogs) {
  std::ostringstream logs;
  log::setOutput(&logs);
  const std::string schema =
      R"({"type":"object","properties":{"api_key":{"type":"string","secret":true},)"
      R"("region":{"type":"string"}},"additionalProperties":false})";
  EXPECT_TRUE(checkPluginConfig(schema, R"({"api_key":"tmdb-key-5f2e9c","region":"DE"})").empty());
  log::Logger("plugin").info("calling upstream with tmdb-key-5f2e9c in region DE");
  log::setOutput(nullptr);
  log::clearSecretsForTesting();
  EXPECT_EQ(logs.str().find("tmdb-key-5f2e9c"), std::string::npos) << logs.str();
  EXPECT_NE(logs.str().find("region DE"), std::string::npos) << "only secrets are masked";
}

TEST(PluginConfigCheck, InvalidConfigNamesTheKeyAndRegistersNothing) {
  std::ostringstream logs;
  log::setOutput(&logs);
  const std::string schema =
      R"({"type":"object","properties":{"api_key":{"type":"string","secret":true}},)"
      R"("additionalProperties":false})";
  const auto problems = checkPluginConfig(schema, R"({"api_key":"abcd-efgh-1234","x":1})");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0], "x: unknown key");
  EXPECT_FALSE(checkPluginConfig("{not a schema", "{}").empty());
  log::setOutput(nullptr);
  log::clearSecretsForTesting();
}

}  // namespace
}  // namespace streamit::config
