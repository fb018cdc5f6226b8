// The one exported entry of libcatalog_local.so.
#include "local_catalog.h"

STREAMIT_PLUGIN(streamit::catalog_local::LocalCatalog, streamit::catalog_local::kPluginId, "0.1.0",
                streamit::catalog_local::kConfigSchema)
