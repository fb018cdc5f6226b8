#pragma once

#include <vector>

#include "http/router.h"
#include "metrics/registry.h"
#include "util/health.h"

namespace streamit::http {

struct ReadinessCheck {
  util::HealthCheck* check;  // not owned; outlives the router
  bool required;             // a failing required check makes /readyz answer 503
};

// GET /healthz (the process answers), GET /readyz (each backend's status), GET /metrics.
void addOpsRoutes(Router& router, metrics::Registry& metrics, std::vector<ReadinessCheck> checks);

}  // namespace streamit::http
