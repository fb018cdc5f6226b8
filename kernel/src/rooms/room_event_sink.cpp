#include "rooms/room_event_sink.h"

#include "log/logger.h"

namespace streamit::rooms {

void LoggingRoomEventSink::roomStateChanged(const std::string& code,
                                            const BroadcastRoomState& event) {
  log::Logger("rooms").info("room state changed",
                            {{"room", code}, {"state", std::string(toString(event.state))}});
}

void LoggingRoomEventSink::closeRoomMembers(const std::string& code, int closeCode,
                                            const std::string& reason) {
  log::Logger("rooms").info(
      "room members closed",
      {{"room", code}, {"close_code", std::to_string(closeCode)}, {"reason", reason}});
}

}  // namespace streamit::rooms
