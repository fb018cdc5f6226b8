#pragma once

#include <memory>

#include "metrics/registry.h"
#include "realtime/realtime_config.h"
#include "realtime/realtime_store.h"

namespace streamit::realtime {

// Builds the store the config asks for. The Redis store connects lazily, so this does not
// fail when Redis is down (readiness reports it instead). `metrics` must outlive the store.
std::unique_ptr<RealtimeStore> makeRealtimeStore(const RealtimeConfig& config,
                                                 metrics::Registry& metrics);

}  // namespace streamit::realtime
