#include "realtime/realtime_factory.h"

#include "realtime/memory_store.h"
#include "realtime/redis_store.h"

namespace streamit::realtime {

std::unique_ptr<RealtimeStore> makeRealtimeStore(const RealtimeConfig& config,
                                                 metrics::Registry& metrics) {
  switch (config.backend) {
    case RealtimeConfig::Backend::kRedis:
      return std::make_unique<RedisStore>(config, metrics);
    case RealtimeConfig::Backend::kMemory:
      break;
  }
  return std::make_unique<MemoryStore>(config.key_prefix, metrics);
}

}  // namespace streamit::realtime
