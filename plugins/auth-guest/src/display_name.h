// Pure display-name rules for guests: no I/O, so they are unit-tested without the plugin.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace streamit::guest {

inline constexpr std::size_t kMaxDisplayNameCodePoints = 32;

// The names no guest may take, compared ASCII-case-insensitively after trimming.
std::vector<std::string> defaultReservedNames();

// Why a name was refused; `message` starts with "display_name: " so callers can show it as is.
struct NameRejection {
  std::string message;
};

// Trims Unicode white space at both ends, then requires valid UTF-8 (no overlongs, surrogates
// or code points above U+10FFFF), 1..kMaxDisplayNameCodePoints code points, no control
// characters (C0, DEL, C1, line/paragraph separators, bidi embedding/override/isolate
// controls, which can make a name render as someone else's) and no reserved name. Returns
// the trimmed name or the rejection.
std::variant<std::string, NameRejection> checkDisplayName(
    std::string_view raw, const std::vector<std::string>& reservedNames);

// ASCII lower-casing: reserved names are ASCII in practice, and full Unicode case folding
// would need ICU. Non-ASCII bytes are kept as they are.
std::string asciiLower(std::string_view text);

}  // namespace streamit::guest
