#include "hub/room_registry.h"

namespace streamit::hub {

RoomRegistry::RoomRegistry(std::size_t presenceListMax, std::int64_t chatWindowMs,
                           std::size_t chatBatchMax)
    : presenceListMax_(presenceListMax), chatWindowMs_(chatWindowMs), chatBatchMax_(chatBatchMax) {}

std::shared_ptr<RoomContext> RoomRegistry::getOrCreate(const std::string& code) {
  std::lock_guard lock(mutex_);
  auto& slot = rooms_[code];
  if (!slot)
    slot = std::make_shared<RoomContext>(code, presenceListMax_, chatWindowMs_, chatBatchMax_);
  return slot;
}

std::shared_ptr<RoomContext> RoomRegistry::find(const std::string& code) {
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(code);
  return it == rooms_.end() ? nullptr : it->second;
}

void RoomRegistry::erase(const std::string& code) {
  std::lock_guard lock(mutex_);
  rooms_.erase(code);
}

void RoomRegistry::clear() {
  std::lock_guard lock(mutex_);
  rooms_.clear();
}

std::set<std::string> RoomRegistry::codes() {
  std::set<std::string> codes;
  std::lock_guard lock(mutex_);
  for (const auto& [code, room] : rooms_)
    codes.insert(code);
  return codes;
}

void RoomRegistry::forEach(
    const std::function<void(const std::string& code, RoomContext& room)>& visit) {
  std::lock_guard lock(mutex_);
  for (const auto& [code, room] : rooms_)
    visit(code, *room);
}

}  // namespace streamit::hub
