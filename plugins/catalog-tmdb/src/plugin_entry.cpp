// The one exported entry of libcatalog_tmdb.so.
#include "tmdb_catalog.h"

STREAMIT_PLUGIN(streamit::catalog_tmdb::TmdbCatalog, streamit::catalog_tmdb::kPluginId, "0.1.0",
                streamit::catalog_tmdb::kConfigSchema)
