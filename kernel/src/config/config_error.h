#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace streamit::config {

// One problem found while loading or validating a configuration document.
struct ConfigIssue {
  std::string path;     // dotted key path, e.g. "storage.postgres.port"; "" for the document
  int line = 0;         // 1-based line in the source; 0 when the value has no source line
  std::string message;  // e.g. "expected integer, got string 'abc'"
  // Where the value came from when it was not the file itself, e.g.
  // "environment variable STREAMIT_HTTP__PORT"; empty means the file being loaded.
  std::string source;
};

// "<source>:<line>: <path>: <message>", leaving out the parts that are unknown.
std::string formatIssue(const ConfigIssue& issue, const std::string& fileName);

// Thrown by the loader with every issue found, so an operator fixes them all in one pass.
// what() is one line per issue in formatIssue() form.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string fileName, std::vector<ConfigIssue> issues);

  const std::vector<ConfigIssue>& issues() const { return issues_; }
  const std::string& fileName() const { return fileName_; }

 private:
  std::string fileName_;
  std::vector<ConfigIssue> issues_;
};

}  // namespace streamit::config
