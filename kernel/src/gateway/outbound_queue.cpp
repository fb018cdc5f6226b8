#include "gateway/outbound_queue.h"

namespace streamit::gateway {

std::size_t OutboundQueue::dropUnstarted() {
  if (empty())
    return 0;
  const std::size_t keep = frames_->front().offset > 0 ? 1 : 0;
  std::size_t dropped = 0;
  while (frames_->size() > keep) {
    const Pending& back = frames_->back();
    dropped += back.frame->size() - back.offset;
    frames_->pop_back();
  }
  queuedBytes_ -= dropped;
  return dropped;
}

std::size_t OutboundQueue::clear() {
  const std::size_t dropped = queuedBytes_;
  queuedBytes_ = 0;
  frames_.reset();
  return dropped;
}

}  // namespace streamit::gateway
