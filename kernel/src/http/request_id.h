#pragma once

#include <string>
#include <string_view>

namespace streamit::http {

// Accepts a client-supplied X-Request-Id only when it is short and plain (so it cannot inject
// into logs); otherwise returns a fresh random 16-hex-digit id.
std::string chooseRequestId(std::string_view clientSupplied);

}  // namespace streamit::http
