#include "config/substitution.h"

#include <gtest/gtest.h>

namespace streamit::config {
namespace {

std::string expand(const std::string& text, const MapEnvironment& env) {
  std::string out;
  std::string error;
  EXPECT_TRUE(substituteVariables(text, env, out, error)) << error;
  return out;
}

TEST(Substitution, ExpandsVariablesAndDefaults) {
  const MapEnvironment env({{"HOST", "db"}, {"EMPTY", ""}});
  EXPECT_EQ(expand("${HOST}:5432", env), "db:5432");
  EXPECT_EQ(expand("${MISSING:-x}-${EMPTY:-y}-${HOST:-z}", env), "x-y-db");
  EXPECT_EQ(expand("${MISSING:-}", env), "");
  EXPECT_EQ(expand("cost $5 and $${HOST} stays", env), "cost $5 and ${HOST} stays");
  EXPECT_EQ(expand("no variables", env), "no variables");
}

TEST(Substitution, ErrorsNameTheProblem) {
  const MapEnvironment env;
  std::string out;
  std::string error;
  EXPECT_FALSE(substituteVariables("${UNSET}", env, out, error));
  EXPECT_NE(error.find("UNSET is not set"), std::string::npos) << error;
  EXPECT_FALSE(substituteVariables("${OPEN", env, out, error));
  EXPECT_NE(error.find("unterminated"), std::string::npos) << error;
  EXPECT_FALSE(substituteVariables("${BAD-NAME}", env, out, error));
  EXPECT_NE(error.find("invalid variable reference"), std::string::npos) << error;
}

TEST(Substitution, TreeReportsPathAndLineAndRetypes) {
  YAML::Node root = YAML::Load("a:\n  b: ${UNSET}\n  c: \"${PORT}\"\n  ${KEY}: kept\n");
  const MapEnvironment env(std::map<std::string, std::string>{{"PORT", "5433"}});
  std::vector<ConfigIssue> issues;
  substituteTree(root, env, issues);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "a.b");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(root["a"]["c"].Scalar(), "5433");
  EXPECT_EQ(root["a"]["c"].Tag(), "?");  // typed from its new text, so it is an integer
  EXPECT_TRUE(root["a"]["${KEY}"]);      // keys are never substituted
}

}  // namespace
}  // namespace streamit::config
