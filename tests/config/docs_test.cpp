// docs/configuration.md embeds the key table generated from the kernel schema between two
// markers; this test fails when they differ. Regenerate with
//   STREAMIT_UPDATE_DOCS=1 ./test_config_loader --gtest_filter='ConfigDocs.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "config/kernel_schema.h"
#include "config/schema_docs.h"

namespace streamit::config {
namespace {

const std::string kDocPath = std::string(STREAMIT_SOURCE_DIR) + "/docs/configuration.md";
constexpr const char* kBegin = "<!-- BEGIN GENERATED KEY TABLE -->\n";
constexpr const char* kEnd = "<!-- END GENERATED KEY TABLE -->";

std::string readDoc() {
  std::ifstream in(kDocPath);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConfigDocs, KeyTableMatchesSchema) {
  std::string doc = readDoc();
  ASSERT_FALSE(doc.empty()) << kDocPath;
  const std::size_t begin = doc.find(kBegin);
  const std::size_t end = doc.find(kEnd);
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::size_t bodyStart = begin + std::string(kBegin).size();
  const std::string table = renderKeyTable(kernelSchema());
  if (const char* update = std::getenv("STREAMIT_UPDATE_DOCS"); update && *update == '1') {
    doc.replace(bodyStart, end - bodyStart, table);
    std::ofstream(kDocPath) << doc;
    return;
  }
  EXPECT_EQ(doc.substr(bodyStart, end - bodyStart), table)
      << "docs/configuration.md is out of date; see the comment at the top of docs_test.cpp";
}

TEST(ConfigDocs, EveryKeyIsDocumented) {
  const std::string doc = readDoc();
  forEachSchemaNode(kernelSchema(), "", [&doc](const std::string& path, const SchemaNode& node) {
    EXPECT_FALSE(node.description.empty()) << path << " has no description";
    if (path.size() > 2 && path.compare(path.size() - 2, 2, "[]") == 0)
      return;
    EXPECT_NE(doc.find("`" + path + "`"), std::string::npos) << path << " is not in the docs";
  });
}

}  // namespace
}  // namespace streamit::config
