#pragma once

#include <string_view>
#include <vector>

#include "rooms/room_view.h"

namespace streamit::rooms {

// The public room list as a pure function of a snapshot, so the cache in RoomService never
// queries per request. Keeps only LIVE public rooms whose title contains `query`
// (ASCII case-insensitive; empty matches all), orders them by `sort` (viewers: most first;
// newest: created_ms descending; title: ASCII case-insensitive ascending) with the code as the
// final tie-break (a stable order across pages and nodes), and cuts page `page` (1-based).
PublicPage pagePublicRooms(const std::vector<RoomView>& snapshot, int page, int pageSize,
                           PublicSort sort, std::string_view query);

}  // namespace streamit::rooms
