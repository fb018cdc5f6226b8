#pragma once

#include <map>
#include <optional>
#include <string>

namespace streamit::config {

// The variables the loader may read, abstracted so tests inject their own.
// Implementations must be safe to call from the loading thread only; no caching promised.
class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::optional<std::string> get(const std::string& name) const = 0;
  // Every variable; used to find STREAMIT_* overrides.
  virtual std::map<std::string, std::string> all() const = 0;
};

// Reads the real process environment (environ / getenv) at call time.
class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> get(const std::string& name) const override;
  std::map<std::string, std::string> all() const override;
};

// A fixed set of variables (tests, embedding).
class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string> variables)
      : variables_(std::move(variables)) {}
  std::optional<std::string> get(const std::string& name) const override;
  std::map<std::string, std::string> all() const override { return variables_; }
  void set(const std::string& name, const std::string& value) { variables_[name] = value; }

 private:
  std::map<std::string, std::string> variables_;
};

}  // namespace streamit::config
