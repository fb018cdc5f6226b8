#include "chat/chat_batcher.h"

#include <algorithm>
#include <utility>

namespace streamit::chat {

ChatBatcher::ChatBatcher(std::int64_t windowMs, std::size_t batchMax)
    : windowMs_(std::max<std::int64_t>(0, windowMs)),
      batchMax_(std::max<std::size_t>(1, batchMax)) {}

bool ChatBatcher::add(ChatEntry entry, std::int64_t nowMs) {
  if (queued_.empty())
    oldestMs_ = nowMs;
  queued_.push_back(std::move(entry));
  return queued_.size() >= batchMax_;
}

bool ChatBatcher::due(std::int64_t nowMs) const {
  return !queued_.empty() && nowMs - oldestMs_ >= windowMs_;
}

std::optional<std::int64_t> ChatBatcher::dueAtMs() const {
  if (queued_.empty())
    return std::nullopt;
  return oldestMs_ + windowMs_;
}

std::vector<ChatEntry> ChatBatcher::take() {
  std::vector<ChatEntry> out;
  out.swap(queued_);
  return out;
}

}  // namespace streamit::chat
