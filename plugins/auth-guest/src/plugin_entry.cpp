// The one exported entry of libauth_guest.so.
#include "guest_scheme.h"

// kPluginId and kConfigSchema point at string literals (static storage), as the macro needs.
STREAMIT_PLUGIN(streamit::guest::GuestAuthScheme, streamit::guest::kPluginId, "0.1.0",
                streamit::guest::kConfigSchema)
