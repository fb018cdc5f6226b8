#include "config/environment.h"

#include <cstdlib>

extern char** environ;

namespace streamit::config {

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
  // No thread-safe getenv exists; the environment is read at start-up and never modified.
  const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe)
  if (value == nullptr)
    return std::nullopt;
  return std::string(value);
}

std::map<std::string, std::string> ProcessEnvironment::all() const {
  std::map<std::string, std::string> result;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string::npos)
      continue;
    result.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return result;
}

std::optional<std::string> MapEnvironment::get(const std::string& name) const {
  const auto it = variables_.find(name);
  if (it == variables_.end())
    return std::nullopt;
  return it->second;
}

}  // namespace streamit::config
