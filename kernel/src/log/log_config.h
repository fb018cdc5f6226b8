#pragma once

#include "log/logger.h"

namespace streamit::log {

// The `log:` section of the config file.
struct LogConfig {
  Level level = Level::kInfo;
};

}  // namespace streamit::log
