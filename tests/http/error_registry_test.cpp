// Holds the error registry, docs/errors.md and the code base to one another: every registered
// code is documented with its status, every documented code is registered, every registered
// code is used outside the registry, and nothing builds an error code from a raw string.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "http/error_codes.h"

namespace streamit::http {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = STREAMIT_SOURCE_DIR;

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<fs::path> sourceFiles() {
  std::vector<fs::path> files;
  for (const char* dir : {"kernel/src", "plugins", "sdk"}) {
    if (!fs::exists(kRoot / dir))
      continue;
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / dir)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".cpp" || ext == ".h"))
        files.push_back(entry.path());
    }
  }
  return files;
}

// "kInternalError" for "INTERNAL_ERROR".
std::string constantName(std::string_view code) {
  std::string name = "k";
  bool upper = true;
  for (const char c : code) {
    if (c == '_') {
      upper = true;
      continue;
    }
    name += upper ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = false;
  }
  return name;
}

TEST(ErrorRegistry, MatchesDocsTableExactly) {
  const std::string docs = readFile(kRoot / "docs/errors.md");
  ASSERT_FALSE(docs.empty());
  const std::regex row(R"(^\| `([A-Z][A-Z0-9_]+)` \| (\d{3}) \|)", std::regex::multiline);
  std::map<std::string, int> documented;
  for (std::sregex_iterator it(docs.begin(), docs.end(), row), end; it != end; ++it) {
    documented[(*it)[1]] = std::stoi((*it)[2]);
  }
  std::map<std::string, int> registered;
  for (const auto& code : allErrorCodes())
    registered[std::string(code.code)] = code.httpStatus;
  EXPECT_EQ(documented, registered) << "docs/errors.md and http/error_codes.h disagree";
}

TEST(ErrorRegistry, EveryRegisteredCodeIsUsed) {
  std::string corpus;
  for (const auto& file : sourceFiles()) {
    if (file.filename() == "error_codes.h" || file.filename() == "error_codes.cpp")
      continue;
    corpus += readFile(file);
  }
  for (const auto& code : allErrorCodes()) {
    EXPECT_NE(corpus.find("errors::" + constantName(code.code)), std::string::npos)
        << code.code << " is registered but never used; remove it from the registry and docs";
  }
}

TEST(ErrorRegistry, NoCodeIsWrittenAsARawString) {
  // Codes reach the wire only through ErrorCode constants; a literal "SOME_CODE" next to a
  // "code" key would bypass the registry.
  const std::regex rawCode(R"(\\?"code\\?"\s*[:,]\s*\\?"[A-Z][A-Z0-9_]{2,}\\?")");
  for (const auto& file : sourceFiles()) {
    const std::string text = readFile(file);
    EXPECT_FALSE(std::regex_search(text, rawCode)) << file << " writes an error code literally";
  }
}

TEST(ErrorRegistry, CodesAreUniqueAndWellFormed) {
  std::set<std::string_view> seen;
  const std::regex shape("[A-Z][A-Z0-9_]+");
  for (const auto& code : allErrorCodes()) {
    EXPECT_TRUE(seen.insert(code.code).second) << code.code;
    EXPECT_TRUE(std::regex_match(std::string(code.code), shape)) << code.code;
    EXPECT_GE(code.httpStatus, 400);
    EXPECT_LE(code.httpStatus, 599);
    EXPECT_FALSE(code.summary.empty());
  }
}

}  // namespace
}  // namespace streamit::http
