#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace streamit::auth {

// One entry of `auth.keys:`. Exactly one of `secret` and `generated_file` is set (the config
// loader enforces it), so a key's bytes always have one unambiguous source.
struct AuthKeyConfig {
  std::string id;              // the JWT `kid`; names the key in headers and logs
  std::string secret;          // secret: may come from `secret_file`; ≥ 32 bytes
  std::string generated_file;  // created with a random secret when missing; relative to data_dir
  bool use_for_signing = false;
};

// The `auth:` section.
struct AuthConfig {
  std::string issuer = "streamit";
  std::string audience = "streamit-api";
  std::int64_t access_ttl_s = 900;
  std::int64_t refresh_ttl_s = 2'592'000;  // 30 days
  std::int64_t clock_skew_s = 30;
  bool guests_may_create_rooms = true;
  // Origins (scheme://host[:port]) whose pages may open WebSockets. Empty: no browser may;
  // non-browser clients (no Origin header) use bearer tokens regardless.
  std::vector<std::string> ws_allowed_origins;
  // The embedded default: one local key generated on first start, so a fresh box works
  // without any secret management; production configs list their own keys.
  std::vector<AuthKeyConfig> keys = {AuthKeyConfig{"local-1", "", "jwt.key", true}};
};

}  // namespace streamit::auth
