#pragma once

#include <string>

#include "rooms/lifecycle.h"

namespace streamit::rooms {

// Where RoomService sends the member-facing effects of a transition. Implemented by the
// realtime hub. Called on the thread that applied the transition (never an I/O loop), after
// the transition was persisted, in effect order; must not block on sockets (queue and return)
// and must not call back into RoomService. Must be thread-safe.
class RoomEventSink {
 public:
  virtual ~RoomEventSink() = default;
  virtual void roomStateChanged(const std::string& code, const BroadcastRoomState& event) = 0;
  virtual void closeRoomMembers(const std::string& code, int closeCode,
                                const std::string& reason) = 0;
};

// Used until the hub plugs in its own: only logs, so transitions stay visible.
class LoggingRoomEventSink : public RoomEventSink {
 public:
  void roomStateChanged(const std::string& code, const BroadcastRoomState& event) override;
  void closeRoomMembers(const std::string& code, int closeCode, const std::string& reason) override;
};

}  // namespace streamit::rooms
