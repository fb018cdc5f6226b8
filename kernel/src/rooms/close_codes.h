#pragma once

#include <cstdint>

// WebSocket application close codes (RFC 6455 reserves 4000-4999 for applications).
// The numbers are part of the client contract: clients decide whether to reconnect from the
// code alone, so a code is never reused for another meaning.
//
// | Code | Name             | Sent when                                   | Client should        |
// |------|------------------|---------------------------------------------|----------------------|
// | 4001 | kCloseRoomDeleted| the host deleted the room                   | not reconnect        |
// | 4002 | kCloseRoomExpired| the host's grace period (or the unclaimed   | not reconnect; offer |
// |      |                  | timeout) ran out and the room expired       | to create a new room |
// | 4003 | kCloseKicked     | the host kicked this user from the room     | not reconnect while  |
// |      |                  | (rejoin blocked for the kick's duration)    | the block lasts      |
//
// Mirrored in docs/errors.md ("WebSocket close codes"). std::uint16_t like every close code
// (ws/close_codes.h, gateway::Gateway::close): one type from the rooms to the wire.
namespace streamit::rooms {

inline constexpr std::uint16_t kCloseRoomDeleted = 4001;
inline constexpr std::uint16_t kCloseRoomExpired = 4002;
inline constexpr std::uint16_t kCloseKicked = 4003;

}  // namespace streamit::rooms
