#pragma once

#include <stdexcept>
#include <string>

namespace streamit::util {

// Thrown when a backend (realtime store, database) cannot answer within its timeout or is
// unreachable. Callers map it to a 503 (HTTP) or STATE_UNAVAILABLE (WebSocket); it never means
// "the data is not there".
class BackendUnavailable : public std::runtime_error {
 public:
  BackendUnavailable(std::string backend, const std::string& what)
      : std::runtime_error(backend + ": " + what), backend_(std::move(backend)) {}
  const std::string& backend() const { return backend_; }

 private:
  std::string backend_;
};

}  // namespace streamit::util
