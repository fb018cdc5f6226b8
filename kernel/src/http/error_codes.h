#pragma once

#include <span>
#include <string_view>

namespace streamit::http {

// One registered error code: the only way code can name an error on the wire. Every code here
// is listed in docs/errors.md and used somewhere in the tree; tests/http hold both to it.
struct ErrorCode {
  std::string_view code;  // SCREAMING_SNAKE_CASE, stable across versions
  int httpStatus;         // status used when the error is returned over HTTP
  std::string_view summary;
};

namespace errors {
inline constexpr ErrorCode kInternalError{"INTERNAL_ERROR", 500, "Unexpected server fault."};
inline constexpr ErrorCode kNotFound{"NOT_FOUND", 404, "No such route."};
inline constexpr ErrorCode kMethodNotAllowed{"METHOD_NOT_ALLOWED", 405,
                                             "The route exists but not for this method."};
inline constexpr ErrorCode kPayloadTooLarge{"PAYLOAD_TOO_LARGE", 413,
                                            "Request body exceeds the configured limit."};
inline constexpr ErrorCode kInvalidJson{"INVALID_JSON", 400,
                                        "Request body is not a JSON document."};
inline constexpr ErrorCode kValidationFailed{"VALIDATION_FAILED", 400,
                                             "A field is missing, of the wrong type or range."};
inline constexpr ErrorCode kUnauthorized{"UNAUTHORIZED", 401,
                                         "No valid credentials: missing, forged or wrong token."};
inline constexpr ErrorCode kTokenExpired{"TOKEN_EXPIRED", 401,
                                         "The access token has expired; refresh it."};
inline constexpr ErrorCode kForbidden{"FORBIDDEN", 403,
                                      "The credentials lack the scope this action needs."};
inline constexpr ErrorCode kDbUnavailable{"DB_UNAVAILABLE", 503,
                                          "The database did not answer in time."};
inline constexpr ErrorCode kStateUnavailable{"STATE_UNAVAILABLE", 503,
                                             "The realtime store did not answer in time."};
inline constexpr ErrorCode kRateLimited{"RATE_LIMITED", 429,
                                        "Too many requests from this client; wait and retry."};
inline constexpr ErrorCode kProviderNotFound{"PROVIDER_NOT_FOUND", 404,
                                             "No provider plugin with this id is loaded."};
inline constexpr ErrorCode kSourceNotFound{"SOURCE_NOT_FOUND", 404,
                                           "The provider knows no media for this reference."};
inline constexpr ErrorCode kProviderUnavailable{"PROVIDER_UNAVAILABLE", 502,
                                                "The provider or its upstream cannot answer now."};
inline constexpr ErrorCode kCatalogNotFound{"CATALOG_NOT_FOUND", 404,
                                            "No catalog plugin with this name is loaded."};
inline constexpr ErrorCode kItemNotFound{"ITEM_NOT_FOUND", 404,
                                         "The catalog has no item with this type and id."};
inline constexpr ErrorCode kCatalogUnavailable{"CATALOG_UNAVAILABLE", 502,
                                               "No catalog (or not this one) can answer now."};
inline constexpr ErrorCode kRoomNotFound{"ROOM_NOT_FOUND", 404,
                                         "No room with this code (or it was deleted)."};
inline constexpr ErrorCode kNotHost{"NOT_HOST", 403, "Only the room's current host may do this."};
inline constexpr ErrorCode kConflict{"CONFLICT", 409,
                                     "The state moved on (stale expected_version); see details."};
inline constexpr ErrorCode kInvalidMessage{
    "INVALID_MESSAGE", 400, "A WebSocket message is malformed, unknown or out of range."};
inline constexpr ErrorCode kRoomClosed{"ROOM_CLOSED", 410,
                                       "The room has expired or was deleted; it cannot be joined."};
inline constexpr ErrorCode kChatDisabled{"CHAT_DISABLED", 403,
                                         "The host has turned chat off in this room."};
inline constexpr ErrorCode kMuted{"MUTED", 403, "The host has muted you in this room for a while."};
inline constexpr ErrorCode kMessageRejected{"MESSAGE_REJECTED", 422,
                                            "A moderation plugin refused the chat message."};
inline constexpr ErrorCode kRangeNotSatisfiable{
    "RANGE_NOT_SATISFIABLE", 416, "The requested byte range lies outside the media file."};
}  // namespace errors

// Every registered code, in docs/errors.md order.
std::span<const ErrorCode> allErrorCodes();

}  // namespace streamit::http
