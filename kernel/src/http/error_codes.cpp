#include "http/error_codes.h"

#include <array>

namespace streamit::http {

std::span<const ErrorCode> allErrorCodes() {
  static constexpr std::array kAll = {
      errors::kInternalError,   errors::kNotFound,         errors::kMethodNotAllowed,
      errors::kPayloadTooLarge, errors::kInvalidJson,      errors::kValidationFailed,
      errors::kDbUnavailable,   errors::kStateUnavailable,
  };
  return kAll;
}

}  // namespace streamit::http
