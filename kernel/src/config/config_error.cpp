#include "config/config_error.h"

namespace streamit::config {
namespace {

std::string formatAll(const std::string& fileName, const std::vector<ConfigIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) {
    if (!text.empty())
      text += '\n';
    text += formatIssue(issue, fileName);
  }
  return text;
}

}  // namespace

std::string formatIssue(const ConfigIssue& issue, const std::string& fileName) {
  std::string text = issue.source.empty() ? fileName : issue.source;
  if (issue.line > 0 && issue.source.empty())
    text += ":" + std::to_string(issue.line);
  text += ": ";
  if (!issue.path.empty())
    text += issue.path + ": ";
  text += issue.message;
  return text;
}

ConfigError::ConfigError(std::string fileName, std::vector<ConfigIssue> issues)
    : std::runtime_error(formatAll(fileName, issues)),
      fileName_(std::move(fileName)),
      issues_(std::move(issues)) {}

}  // namespace streamit::config
