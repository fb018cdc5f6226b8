// auth.local: accounts with a username and a password, stored in the kernel's accounts table
// (HostV2::accountStore, ADR 0004). This plugin owns the policy — username and password
// rules, scrypt hashing (ADR 0005) — and vouches for "user:<id>"; the kernel assigns scopes,
// signs tokens and throttles sign-ins.
#pragma once

#include <string>
#include <string_view>

#include "password_hash.h"
#include "streamit/sdk/plugin.h"

namespace streamit::local {

inline constexpr const char* kPluginId = "auth.local";

inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "scrypt_log2_n": {"type": "integer", "minimum": 14, "maximum": 20, "default": 15,
                      "description": "scrypt cost: N = 2^scrypt_log2_n (memory 128*r*N bytes per hash). Raising it rehashes each account at its next login."},
    "scrypt_r": {"type": "integer", "minimum": 1, "maximum": 32, "default": 8,
                 "description": "scrypt block size r."},
    "scrypt_p": {"type": "integer", "minimum": 1, "maximum": 16, "default": 3,
                 "description": "scrypt parallelism p (run sequentially: time grows linearly)."}
  }
})json";

// Reads the (schema-validated) config JSON; throws std::invalid_argument naming the key.
ScryptParams parseLocalConfig(std::string_view json);

// Thread safety: immutable after construction; concurrent calls are fine (the account store
// is thread-safe).
class LocalAuthScheme final : public sdk::AuthScheme {
 public:
  // Throws when the kernel offers no account store (a kernel older than ABI 1.2).
  explicit LocalAuthScheme(sdk::Host host);

  // {"action":"register","username","password","display_name"} → a new account;
  //   INVALID_ARGUMENT "<field>: ..." for policy refusals, CONFLICT "username: already taken".
  // {"action":"login","username","password"} → the account; DENIED with one message for an
  //   unknown user and a wrong password alike (and about the same time: an unknown user
  //   still costs one scrypt).
  // UNAVAILABLE when the database cannot answer. Subject "user:<id>", no scopes.
  sdk::Principal authenticateCredentials(std::string_view credentials_json) override;
  // Always DENIED: tokens are the kernel's.
  sdk::Principal validate(std::string_view token) override;

 private:
  sdk::Principal registerAccount(const std::string& username, const std::string& password,
                                 const std::string& displayName);
  sdk::Principal login(const std::string& username, const std::string& password);

  sdk::Host host_;
  sdk::AccountStoreV1* accounts_;
  ScryptParams params_;
  std::string dummyHash_;  // verified against when the user does not exist
};

}  // namespace streamit::local
