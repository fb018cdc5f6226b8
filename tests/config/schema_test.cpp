#include "config/schema.h"

#include <gtest/gtest.h>

#include "config/yaml_to_json.h"

namespace streamit::config {
namespace {

SchemaNode sampleSchema() {
  return objectNode(
      "root",
      {
          {"name", stringNode("a name").isRequired()},
          {"port", integerNode("a port").min(1).max(65535).byDefault("8080")},
          {"ratio", numberNode("a ratio").min(0).max(1)},
          {"enabled", booleanNode("a flag").byDefault("true")},
          {"mode", enumNode("a mode", {"sqlite", "postgres"}).byDefault("sqlite")},
          {"nested", objectNode("nested", {{"depth", integerNode("d").min(0)}})},
          {"tags", arrayNode("tags", stringNode("tag"))},
          {"items", arrayNode("items", objectNode("item", {{"id", stringNode("id").isRequired()},
                                                           {"config", freeFormNode("c")}}))},
      });
}

std::vector<ConfigIssue> check(const std::string& yaml) {
  return validate(sampleSchema(), YAML::Load(yaml));
}

TEST(SchemaValidate, AcceptsValidDocument) {
  const auto issues = check(
      "name: x\nport: 80\nratio: 0.5\nenabled: false\nmode: postgres\nnested: {depth: 2}\n"
      "tags: [a, b]\nitems:\n  - id: one\n    config: {anything: [1, 2], goes: here}\n");
  EXPECT_TRUE(issues.empty()) << issues.front().path << ": " << issues.front().message;
}

TEST(SchemaValidate, UnknownKeyAtTopLevelWithSuggestion) {
  const auto issues = check("name: x\nprot: 80\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "prot");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].message, "unknown key (did you mean 'port'?)");
}

TEST(SchemaValidate, UnknownKeyNested) {
  const auto issues = check("name: x\nnested:\n  depth: 1\n  width: 3\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "nested.width");
  EXPECT_EQ(issues[0].line, 4);
  EXPECT_EQ(issues[0].message, "unknown key");
}

TEST(SchemaValidate, WrongTypes) {
  const auto issues = check("name: x\nport: abc\nenabled: 1\nratio: \"0.5\"\nnested: 3\ntags: a\n");
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[0].path, "port");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].message, "expected integer, got string 'abc'");
  EXPECT_EQ(issues[1].message, "expected boolean, got integer '1'");
  EXPECT_EQ(issues[2].message, "expected number, got string '0.5'");
  EXPECT_EQ(issues[3].path, "nested");
  EXPECT_EQ(issues[3].message, "expected object, got integer '3'");
  EXPECT_EQ(issues[4].message, "expected array, got string 'a'");
}

TEST(SchemaValidate, QuotedNumberIsAString) {
  const auto issues = check("name: x\nport: \"8080\"\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "expected integer, got string '8080'");
}

TEST(SchemaValidate, MissingRequiredAtRootAndInArrayItem) {
  const auto issues = check("port: 1\nitems:\n  - config: {}\n");
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "items[0].id");
  EXPECT_EQ(issues[0].line, 3);
  EXPECT_EQ(issues[0].message, "missing required key");
  EXPECT_EQ(issues[1].path, "name");
  EXPECT_EQ(issues[1].message, "missing required key");
}

TEST(SchemaValidate, EnumViolation) {
  const auto issues = check("name: x\nmode: mysql\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "mode");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].message, "must be one of sqlite|postgres, got 'mysql'");
}

TEST(SchemaValidate, RangeViolations) {
  auto issues = check("name: x\nport: 0\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "must be ≥ 1");
  issues = check("name: x\nport: 70000\nratio: 1.5\n");
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].message, "must be ≤ 65535");
  EXPECT_EQ(issues[1].message, "must be ≤ 1");
  issues = check("name: x\nport: 99999999999999999999\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "integer out of range: 99999999999999999999");
}

TEST(SchemaValidate, DuplicateKey) {
  const auto issues = check("name: x\nport: 1\nport: 2\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "port");
  EXPECT_EQ(issues[0].line, 3);
  EXPECT_EQ(issues[0].message, "duplicate key");
}

TEST(SchemaValidate, ArrayItemPathAndLine) {
  const auto issues = check("name: x\ntags:\n  - a\n  - [b]\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "tags[1]");
  EXPECT_EQ(issues[0].line, 4);
}

TEST(SchemaValidate, EmptySectionMeansDefaults) {
  EXPECT_TRUE(check("name: x\nnested:\ntags:\n").empty());
}

TEST(SchemaDefaults, FillsAbsentKeys) {
  const YAML::Node filled = applyDefaults(sampleSchema(), YAML::Load("name: x\nport: 1\n"));
  EXPECT_EQ(yamlToJson(filled),
            R"({"name":"x","port":1,"enabled":true,"mode":"sqlite","nested":{}})");
}

TEST(YamlToJson, TypesPlainScalarsLikeTheValidator) {
  EXPECT_EQ(yamlToJson(YAML::Load(
                "{a: 1, b: \"1\", c: yes, d: true, e: ~, f: [1.5, .5], g: 'x\"y', h: {}}")),
            R"({"a":1,"b":"1","c":"yes","d":true,"e":null,"f":[1.5,0.5],"g":"x\"y","h":{}})");
}

}  // namespace
}  // namespace streamit::config
