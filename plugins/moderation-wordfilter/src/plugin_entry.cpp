// The one exported entry of libmoderation_wordfilter.so.
#include "wordfilter_moderator.h"

// kPluginId and kConfigSchema point at string literals (static storage), as the macro needs.
STREAMIT_PLUGIN(streamit::wordfilter::WordfilterModerator, streamit::wordfilter::kPluginId, "0.1.0",
                streamit::wordfilter::kConfigSchema)
