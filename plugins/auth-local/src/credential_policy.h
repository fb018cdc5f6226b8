// Pure username and password rules for accounts: no I/O, unit-tested without the plugin.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace streamit::local {

inline constexpr std::size_t kMinUsernameLength = 3;
inline constexpr std::size_t kMaxUsernameLength = 32;
inline constexpr std::size_t kMinPasswordCodePoints = 10;
// scrypt hashes any length, but a bound keeps a request from buying unbounded work, and 256
// bytes is more than any passphrase a person types or a manager generates.
inline constexpr std::size_t kMaxPasswordBytes = 256;

// Why input was refused; `message` starts with the field name ("username: ...").
struct PolicyRejection {
  std::string message;
};

// Case-folds ASCII letters, then requires 3-32 characters of [a-z0-9_.-]. Anything outside
// ASCII is refused rather than folded: look-alike letters from other scripts would let two
// accounts appear to share a name. Returns the stored (folded) form or the rejection.
std::variant<std::string, PolicyRejection> normalizeUsername(std::string_view raw);

// At least kMinPasswordCodePoints code points of valid UTF-8, at most kMaxPasswordBytes
// bytes, and not the username itself (compared case-insensitively with the folded name).
// Nothing when acceptable.
std::optional<PolicyRejection> checkPassword(std::string_view password,
                                             std::string_view foldedUsername);

}  // namespace streamit::local
