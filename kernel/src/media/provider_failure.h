#pragma once

#include <string>

#include <streamit/sdk/abi.h>

namespace streamit::media {

// Maps a failed provider call (resolve, availability) to the API error it means:
// NOT_FOUND → SOURCE_NOT_FOUND, INVALID_ARGUMENT → VALIDATION_FAILED (field "ref"), anything
// else → PROVIDER_UNAVAILABLE. Shared by REST resolve and the WebSocket set_source command.
[[noreturn]] void throwProviderFailure(StreamItStatus status, const std::string& providerId,
                                       const std::string& message);

}  // namespace streamit::media
