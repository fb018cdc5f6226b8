#include "hub/version_filter.h"

namespace streamit::hub {

VersionDecision VersionFilter::observe(std::uint64_t epoch, std::uint64_t version) {
  if (!seen_ || epoch > epoch_) {
    // Nothing seen yet, or the state was rebuilt under a new epoch: the event itself carries
    // the full state, so it is safe to deliver whatever its version.
    reset(epoch, version);
    return VersionDecision::kDeliver;
  }
  if (epoch < epoch_ || version <= version_)
    return VersionDecision::kDrop;
  if (version == version_ + 1) {
    version_ = version;
    return VersionDecision::kDeliver;
  }
  return VersionDecision::kGap;
}

void VersionFilter::reset(std::uint64_t epoch, std::uint64_t version) {
  seen_ = true;
  epoch_ = epoch;
  version_ = version;
}

}  // namespace streamit::hub
