#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth_config.h"

namespace streamit::auth {

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output; 256 bits for HS256.
inline constexpr std::size_t kMinKeyBytes = 32;

struct TokenKey {
  std::string id;  // `kid`
  std::string secret;
  bool useForSigning = false;
};

// Pure: the reason a key set is unusable, naming the key, or nothing. Rules: at least one
// key; ids non-empty, unique and made of [A-Za-z0-9._-] (they travel in token headers);
// secrets ≥ kMinKeyBytes; exactly one signing key.
std::optional<std::string> checkKeySet(const std::vector<TokenKey>& keys);

// The HMAC keys tokens are signed and verified with. Rotation: add the new key with
// use_for_signing, keep the old one verify-only until its tokens have expired, then drop it.
// Immutable after construction, so safe to share between threads.
class TokenKeys {
 public:
  // Throws std::invalid_argument with checkKeySet's reason.
  explicit TokenKeys(std::vector<TokenKey> keys);

  // Reads (or, for `generated_file`, creates) every configured key; relative generated files
  // resolve against `dataDir`. Every secret is registered with the log redactor.
  static TokenKeys fromConfig(const AuthConfig& config, const std::filesystem::path& dataDir);

  const TokenKey& signingKey() const { return keys_[signing_]; }
  const TokenKey* find(std::string_view id) const;
  const std::vector<TokenKey>& all() const { return keys_; }

 private:
  std::vector<TokenKey> keys_;
  std::size_t signing_ = 0;
};

}  // namespace streamit::auth
