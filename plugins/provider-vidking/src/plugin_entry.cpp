// The one exported entry of libprovider_vidking.so.
#include "vidking_provider.h"

// kPluginId and kConfigSchema point at string literals (static storage), as the macro needs.
STREAMIT_PLUGIN(streamit::vidking::VidkingProvider, streamit::vidking::kPluginId, "0.1.0",
                streamit::vidking::kConfigSchema)
