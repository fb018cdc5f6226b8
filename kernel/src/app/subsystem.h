#pragma once

#include <string>

namespace streamit::app {

// One piece of the kernel with an ordered start and a reverse-ordered stop (Poco's
// Application subsystems, without its global registry). start() throws to refuse start-up;
// stop() must not throw and must be safe after a failed or partial start.
class Subsystem {
 public:
  virtual ~Subsystem() = default;
  virtual std::string name() const = 0;
  virtual void start() = 0;
  virtual void stop() noexcept = 0;
};

}  // namespace streamit::app
