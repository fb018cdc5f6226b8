#pragma once

#include <cstdint>

// Decides what a node does with a versioned playback event that reached it (from its own
// apply or over the bus): deliver it, drop it as already seen, or notice that events were
// missed and fetch a full state instead. One filter per room per node; not thread-safe (the
// room's strand owns it).
namespace streamit::hub {

enum class VersionDecision {
  kDeliver,  // the next version (or a newer epoch's first sighting): fan it out
  kDrop,     // at or below what this node already delivered
  kGap,      // versions were skipped: fetch the current state and send that instead
};

class VersionFilter {
 public:
  VersionDecision observe(std::uint64_t epoch, std::uint64_t version);

  // Records a state this node delivered by other means (a snapshot after a gap or a rebuild).
  void reset(std::uint64_t epoch, std::uint64_t version);

  std::uint64_t epoch() const { return epoch_; }
  std::uint64_t version() const { return version_; }

 private:
  bool seen_ = false;
  std::uint64_t epoch_ = 0;
  std::uint64_t version_ = 0;
};

}  // namespace streamit::hub
