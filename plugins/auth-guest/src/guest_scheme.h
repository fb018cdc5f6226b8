// auth.guest: anyone may sign in with a display name and gets a fresh random identity. The
// kernel decides scopes and issues the tokens; this plugin only vouches for the name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamit/sdk/plugin.h"

namespace streamit::guest {

inline constexpr const char* kPluginId = "auth.guest";

// JSON-Schema subset checked by the kernel before create(); create() re-checks the array's
// element types (the subset lets numbers pass as strings) and names the key when it refuses.
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "reserved_names": {"type": "array", "items": {"type": "string"},
                       "default": ["admin", "host", "system", "streamit"],
                       "description": "display names no guest may take (case-insensitive, trimmed)"}
  }
})json";

struct GuestConfig {
  std::vector<std::string> reservedNames;
};

// Reads the (schema-validated) config JSON; throws std::invalid_argument naming the key.
GuestConfig parseGuestConfig(std::string_view json);

// Thread safety: immutable after construction; concurrent calls are fine.
class GuestAuthScheme final : public sdk::AuthScheme {
 public:
  explicit GuestAuthScheme(sdk::Host host);

  // {"display_name": "..."} → {subject "guest:<uuid>", trimmed name, no scopes}. Other fields
  // are ignored. Bad input: Error(INVALID_ARGUMENT) with a message starting "display_name: ".
  sdk::Principal authenticateCredentials(std::string_view credentials_json) override;
  // Always Error(DENIED): access tokens are the kernel's, a guest has nothing else.
  sdk::Principal validate(std::string_view token) override;

 private:
  sdk::Host host_;
  GuestConfig config_;
};

}  // namespace streamit::guest
