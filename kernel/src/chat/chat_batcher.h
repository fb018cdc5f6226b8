#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "chat/chat_entry.h"

namespace streamit::chat {

// Coalesces one room's accepted messages into `chat.messages` batches, so a busy room sends a
// few frames per window instead of one per message (and playback frames never queue behind a
// flood of chat frames). Pure and single-threaded: owned by the room's strand, driven by its
// timer. A batch leaves when it holds `batchMax` messages (add() says so) or when its oldest
// message is `windowMs` old (due()).
class ChatBatcher {
 public:
  ChatBatcher(std::int64_t windowMs, std::size_t batchMax);

  // Queues `entry` (received at `nowMs`); true when the batch is now full and should be taken.
  bool add(ChatEntry entry, std::int64_t nowMs);
  // True when something is queued and the oldest queued message is at least windowMs old.
  bool due(std::int64_t nowMs) const;
  // When the current batch becomes due (null when empty): for arming the strand's timer.
  std::optional<std::int64_t> dueAtMs() const;
  // The queued messages in arrival order; leaves the batcher empty.
  std::vector<ChatEntry> take();
  bool empty() const { return queued_.empty(); }
  std::size_t size() const { return queued_.size(); }

 private:
  std::int64_t windowMs_;
  std::size_t batchMax_;
  std::vector<ChatEntry> queued_;
  std::int64_t oldestMs_ = 0;
};

}  // namespace streamit::chat
