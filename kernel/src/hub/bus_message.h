#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// What one kernel node tells the others about a room over the realtime store's pub/sub
// (ARCHITECTURE.md §3.4). The payload is the already-encoded server event, so a receiving node
// fans out the exact bytes the applying node sent to its own members and never re-encodes.
//
// Wire form: one header line, then the payload verbatim:
//   "sb1 <node> <kind> <epoch> <version> <close_code>\n<payload>"
// A text header keeps the payload out of JSON string escaping (a 5,000-viewer room moves each
// event through here once per node, so copying it twice more would be wasted work).
namespace streamit::hub {

enum class BusKind {
  kPlayback,   // payload: a playback.state event; (epoch, version) are its state's
  kRoomState,  // payload: a room.state event
  kClose,      // close every member with close_code; payload: the reason
  kPresence,   // payload: a participant.* event
  kRebuilt,    // realtime state was rebuilt under a new epoch: send everyone a full snapshot
  kChat,       // payload: a chat event (chat.messages, chat.deleted, chat.state)
  kKick,       // close this user's connections with 4003; payload: the user id
};

struct BusMessage {
  std::string node;  // sender's node id; a node ignores its own messages
  BusKind kind = BusKind::kPlayback;
  std::uint64_t epoch = 0;
  std::uint64_t version = 0;
  int close_code = 0;
  std::string payload;

  bool operator==(const BusMessage&) const = default;
};

std::string encodeBusMessage(const BusMessage& message);

// nullopt for anything that is not exactly the form above (another version of the format,
// a forged or truncated message): receivers drop it rather than guess.
std::optional<BusMessage> decodeBusMessage(std::string_view text);

}  // namespace streamit::hub
