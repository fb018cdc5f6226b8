// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace streamit::catalog_tmdb {

// The delay the header asks for, measured from `now`; a date in the past is zero. nullopt when
// the value is neither form (the caller picks its own default).
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

}  // namespace streamit::catalog_tmdb
