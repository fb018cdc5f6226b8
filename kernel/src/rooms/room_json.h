#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "rooms/room_view.h"

namespace streamit::rooms {

// The API shape: {code, title, host:{id, display_name}, is_public, state, created_ms,
// updated_ms, grace_deadline_ms|null, viewer_count, source|null}.
Poco::JSON::Object::Ptr roomJson(const RoomView& room);

// The realtime copy (room:{code}:meta): the API shape plus what find() needs to rebuild the
// whole view (lifecycle_version, expired_ms). decodeRoomMeta returns nullopt for anything it
// cannot read, so a corrupt or foreign copy just falls back to the database.
std::string encodeRoomMeta(const RoomView& room);
std::optional<RoomView> decodeRoomMeta(const std::string& text);

}  // namespace streamit::rooms
