#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "hub/room_context.h"

// The rooms this node serves: room code → its RoomContext. The sole owner of the lock over
// that map; a context itself is only touched on its room's strand. Thread-safe.
namespace streamit::hub {

class RoomRegistry {
 public:
  RoomRegistry(std::size_t presenceListMax, std::int64_t chatWindowMs, std::size_t chatBatchMax);

  // The room's context, created on first use (a member joining).
  std::shared_ptr<RoomContext> getOrCreate(const std::string& code);
  // nullptr when this node does not serve the room (any more).
  std::shared_ptr<RoomContext> find(const std::string& code);
  // Forgets the room (drops its bus subscription once no task holds the context).
  void erase(const std::string& code);
  void clear();
  std::set<std::string> codes();
  // Calls `visit` for every room under the lock: it must be quick and must not call back.
  void forEach(const std::function<void(const std::string& code, RoomContext& room)>& visit);

 private:
  const std::size_t presenceListMax_;
  const std::int64_t chatWindowMs_;
  const std::size_t chatBatchMax_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<RoomContext>> rooms_;
};

}  // namespace streamit::hub
