#pragma once

#include "http/router.h"
#include "web/web_config.h"

namespace streamit::web {

// Serves the built web app at / (hashed assets cached for a year, index.html revalidated,
// room links such as /r/{code} answered with the app shell, a Content-Security-Policy on the
// HTML), local media under /media/ with Range support, and the API contract documents the web
// build writes to <root_dir>/api/ at /api/v1/openapi.json, /api/v1/asyncapi.json and
// /api/v1/docs. Files are read per request on the HTTP worker thread (never on an I/O loop).
void addWebRoutes(http::Router& router, const WebConfig& config);

}  // namespace streamit::web
