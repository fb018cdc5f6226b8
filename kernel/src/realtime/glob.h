#pragma once

#include <string>
#include <string_view>

namespace streamit::realtime {

// Redis-style glob match (as used by SCAN MATCH): '*', '?', '[abc]', '[^a]', '[a-z]', and
// '\' escaping the next character. Pure; used by the memory store so both stores agree.
bool globMatch(std::string_view pattern, std::string_view text);

// Escapes glob metacharacters so `literal` matches only itself (used for the key prefix).
std::string globEscape(std::string_view literal);

}  // namespace streamit::realtime
