// The one exported entry of libauth_local.so.
#include "local_scheme.h"

// kPluginId and kConfigSchema point at string literals (static storage), as the macro needs.
STREAMIT_PLUGIN(streamit::local::LocalAuthScheme, streamit::local::kPluginId, "0.1.0",
                streamit::local::kConfigSchema)
