#include "hub/presence_batcher.h"

#include <algorithm>

namespace streamit::hub {

void PresenceBatcher::joined(Participant participant) {
  joined_.push_back(std::move(participant));
}

void PresenceBatcher::left(Participant participant) {
  const auto it = std::find_if(joined_.begin(), joined_.end(), [&](const Participant& p) {
    return p.session_id == participant.session_id;
  });
  if (it != joined_.end()) {
    joined_.erase(it);
    return;
  }
  left_.push_back(std::move(participant));
}

PresenceFlush PresenceBatcher::flush() {
  PresenceFlush out;
  if (joined_.size() + left_.size() > listMax_) {
    out.count_only = true;
  } else {
    out.joined = std::move(joined_);
    out.left = std::move(left_);
  }
  joined_.clear();
  left_.clear();
  return out;
}

}  // namespace streamit::hub
