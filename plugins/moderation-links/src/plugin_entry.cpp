// The one exported entry of libmoderation_links.so.
#include "links_moderator.h"

// kPluginId and kConfigSchema point at string literals (static storage), as the macro needs.
STREAMIT_PLUGIN(streamit::links::LinksModerator, streamit::links::kPluginId, "0.1.0",
                streamit::links::kConfigSchema)
