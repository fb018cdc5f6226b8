#pragma once

#include <cstdint>
#include <string>

#include "hub/hub_session.h"

// Presence bookkeeping rules (docs/realtime.md "Presence"), pure so they are tested without a
// store: what a member's participants entry says and when it must be (re)written or undone.
namespace streamit::hub {

// The room:{code}:participants value for `member` (field = its session id).
std::string participantJson(const Member& member);

// A member registered under an older epoch is written again: a state rebuilt under a new epoch
// means the store lost the room's keys, presence included. One registered under this epoch is
// not counted twice. 0 = never registered.
bool needsPresenceWrite(std::uint64_t registeredEpoch, std::uint64_t stateEpoch);

// A leave undoes presence only when the join wrote it (a join that failed before did not).
bool hasPresence(std::uint64_t registeredEpoch);

}  // namespace streamit::hub
