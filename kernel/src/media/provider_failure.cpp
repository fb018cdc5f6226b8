#include "media/provider_failure.h"

#include "http/api_error.h"
#include "http/error_codes.h"

namespace streamit::media {

void throwProviderFailure(StreamItStatus status, const std::string& providerId,
                          const std::string& message) {
  switch (status) {
    case STREAMIT_STATUS_NOT_FOUND:
      throw http::ApiError(http::errors::kSourceNotFound, message, {{"provider", providerId}});
    case STREAMIT_STATUS_INVALID_ARGUMENT:
      throw http::ApiError(http::errors::kValidationFailed, "ref: " + message, {{"field", "ref"}});
    default:
      throw http::ApiError(http::errors::kProviderUnavailable,
                           providerId + " cannot answer: " + message, {{"provider", providerId}});
  }
}

}  // namespace streamit::media
