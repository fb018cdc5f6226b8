#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string_view>

#include "ws/frame_writer.h"

namespace streamit::gateway {

// What a connection still has to write: shared frames (never copied) and how far the front one
// got. Pure accounting; the I/O loop does the writing and reports what the socket took.
//
// Kept small (docs/gateway.md, memory per connection): the deque exists only while something
// is queued — the common case writes a frame at once and never allocates it.
class OutboundQueue {
 public:
  bool empty() const { return !frames_ || frames_->empty(); }
  std::size_t frameCount() const { return frames_ ? frames_->size() : 0; }
  std::size_t queuedBytes() const { return queuedBytes_; }

  // Whether a data frame of `size` bytes would take the queue past `limit` (→ close 1013).
  // Control frames (pongs, pings, our close) are not capped.
  bool wouldExceed(std::size_t size, std::size_t limit) const {
    return queuedBytes_ + size > limit;
  }

  // Queues what the socket did not take of `frame` (`offset` bytes already written).
  // Returns the bytes added.
  std::size_t push(ws::SharedFrame frame, std::size_t offset) {
    if (!frames_)
      frames_ = std::make_unique<std::deque<Pending>>();
    const std::size_t added = frame->size() - offset;
    frames_->push_back({std::move(frame), offset});
    queuedBytes_ += added;
    return added;
  }

  // The unwritten bytes of the front frame. Requires !empty().
  std::string_view front() const {
    const Pending& pending = frames_->front();
    return std::string_view(*pending.frame).substr(pending.offset);
  }
  // The socket took `written` bytes of front(); true when that completed the frame.
  bool consume(std::size_t written) {
    Pending& pending = frames_->front();
    pending.offset += written;
    queuedBytes_ -= written;
    if (pending.offset < pending.frame->size())
      return false;
    frames_->pop_front();
    return true;
  }

  // Drops every frame not yet started, returns the bytes dropped. A frame already partly on the
  // wire is kept: cutting it would corrupt the stream for the close frame that follows.
  std::size_t dropUnstarted();
  // Drops everything (the connection is gone), returns the bytes dropped.
  std::size_t clear();
  // Gives the deque's blocks back once drained (an idle connection holds no queue).
  void releaseIfEmpty() {
    if (frames_ && frames_->empty())
      frames_.reset();
  }

 private:
  struct Pending {
    ws::SharedFrame frame;
    std::size_t offset;
  };
  std::unique_ptr<std::deque<Pending>> frames_;
  std::size_t queuedBytes_ = 0;
};

}  // namespace streamit::gateway
