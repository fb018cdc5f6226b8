#pragma once

#include <map>
#include <stdexcept>
#include <string>

#include "http/error_codes.h"

namespace streamit::http {

// Thrown by handlers to answer with the error envelope. Carries a registered code only.
class ApiError : public std::runtime_error {
 public:
  ApiError(const ErrorCode& code, const std::string& message,
           std::map<std::string, std::string> details = {})
      : std::runtime_error(message), code_(code), details_(std::move(details)) {}

  const ErrorCode& code() const { return code_; }
  const std::map<std::string, std::string>& details() const { return details_; }

 private:
  ErrorCode code_;  // a copy: codes are small, and a caller may pass a temporary
  std::map<std::string, std::string> details_;
};

}  // namespace streamit::http
