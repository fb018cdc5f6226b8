#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hub/hub_session.h"
#include "hub/presence_batcher.h"
#include "playback/playback_state.h"
#include "rooms/room_view.h"

// The two composite events the hub builds: `room.snapshot` (everything a late joiner needs,
// CONTRACT.md) and the batched `participant.*` presence events. Pure: the hub gathers the
// inputs from the store and the room service, these functions only shape the JSON.
namespace streamit::hub {

struct SnapshotInput {
  Member you;
  playback::PlaybackState playback;
  std::int64_t server_ms = 0;
  std::optional<rooms::RoomView> room;
  std::int64_t participant_count = 0;
  bool participants_complete = false;  // false: `participants` is a sample of a large room
  std::map<std::string, std::string> participants;  // session id → stored JSON value
  std::vector<std::string> chat;                    // recent chat entries as stored (JSON)
};

std::string buildSnapshotEvent(const SnapshotInput& input);

// participant.joined / participant.left with the changed participants and the new count, or
// a single participant.count when the window held too many changes to list.
std::vector<std::string> presenceEvents(const PresenceFlush& flush, std::int64_t count,
                                        std::int64_t serverMs);

}  // namespace streamit::hub
