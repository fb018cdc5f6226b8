#pragma once

#include <string>

namespace streamit::util {

// One backend's answer to "can you serve right now?", as shown by /readyz.
struct HealthStatus {
  bool ok = false;
  std::string detail;  // "ok", or why not (no secrets: connection strings are never included)
};

// Anything /readyz reports on. check() must return within the backend's own timeout and
// must not throw. Called from HTTP pool threads, possibly concurrently.
class HealthCheck {
 public:
  virtual ~HealthCheck() = default;
  virtual std::string healthName() const = 0;
  virtual HealthStatus checkHealth() = 0;
};

}  // namespace streamit::util
