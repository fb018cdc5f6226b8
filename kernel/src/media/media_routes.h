#pragma once

#include "http/router.h"
#include "media/media_config.h"
#include "plugins/plugin_manager.h"
#include "ratelimit/rate_limiter.h"

namespace streamit::media {

// GET  /api/v1/providers
// POST /api/v1/providers/{id}/resolve            {ref} → PlaybackSource (availability checked)
// GET  /api/v1/catalog/search?q=&type=&year=&page=
// GET  /api/v1/catalog/{catalog}/{type}/{id}
// GET  /api/v1/catalog/{catalog}/tv/{id}/season/{season}
// `plugins` and `limiter` must outlive the router.
void addMediaRoutes(http::Router& router, plugins::PluginManager& plugins,
                    ratelimit::RateLimiter& limiter, const MediaConfig& config);

}  // namespace streamit::media
