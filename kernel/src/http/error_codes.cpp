#include "http/error_codes.h"

#include <array>

namespace streamit::http {

std::span<const ErrorCode> allErrorCodes() {
  static constexpr std::array kAll = {
      errors::kInternalError,
      errors::kNotFound,
      errors::kMethodNotAllowed,
      errors::kPayloadTooLarge,
      errors::kInvalidJson,
      errors::kValidationFailed,
      errors::kUnauthorized,
      errors::kTokenExpired,
      errors::kForbidden,
      errors::kDbUnavailable,
      errors::kStateUnavailable,
      errors::kRateLimited,
      errors::kProviderNotFound,
      errors::kSourceNotFound,
      errors::kProviderUnavailable,
      errors::kCatalogNotFound,
      errors::kItemNotFound,
      errors::kCatalogUnavailable,
      errors::kRoomNotFound,
      errors::kNotHost,
      errors::kConflict,
      errors::kInvalidMessage,
      errors::kRoomClosed,
      errors::kChatDisabled,
      errors::kMuted,
      errors::kMessageRejected,
      errors::kRangeNotSatisfiable,
  };
  return kAll;
}

}  // namespace streamit::http
