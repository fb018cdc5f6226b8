// The one exported entry of libprovider_direct.so.
#include "direct_provider.h"

// kPluginId and kConfigSchema point at string literals (static storage), as the macro needs.
STREAMIT_PLUGIN(streamit::direct::DirectProvider, streamit::direct::kPluginId, "0.1.0",
                streamit::direct::kConfigSchema)
