#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rooms/lifecycle.h"

namespace streamit::rooms {

// What the rest of the kernel knows about a room: the durable record minus playback state.
struct RoomView {
  std::string code;
  std::string title;
  std::string host_subject;  // the creator; the only principal allowed host actions
  std::string host_display_name;
  bool is_public = false;
  RoomLifecycle lifecycle;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::int64_t viewer_count = 0;
  std::optional<std::string> source_json;  // {"provider","ref"} as given at creation

  bool operator==(const RoomView&) const = default;
};

enum class PublicSort { kViewers, kNewest, kTitle };
// "viewers" | "newest" | "title"; nullopt for anything else.
std::optional<PublicSort> parsePublicSort(std::string_view text);

struct PublicPage {
  std::vector<RoomView> items;
  int page = 1;
  int page_size = 20;
  std::int64_t total = 0;  // matching rooms over all pages
};

}  // namespace streamit::rooms
