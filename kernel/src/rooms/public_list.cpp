#include "rooms/public_list.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace streamit::rooms {
namespace {

std::string lowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool before(const RoomView& a, const RoomView& b, PublicSort sort) {
  switch (sort) {
    case PublicSort::kViewers:
      if (a.viewer_count != b.viewer_count)
        return a.viewer_count > b.viewer_count;
      break;
    case PublicSort::kNewest:
      if (a.created_ms != b.created_ms)
        return a.created_ms > b.created_ms;
      break;
    case PublicSort::kTitle: {
      // Case-insensitive for people ("beta" between "Alpha" and "Gamma"), then exact bytes.
      const std::string la = lowerAscii(a.title), lb = lowerAscii(b.title);
      if (la != lb)
        return la < lb;
      if (a.title != b.title)
        return a.title < b.title;
      break;
    }
  }
  return a.code < b.code;
}

}  // namespace

std::optional<PublicSort> parsePublicSort(std::string_view text) {
  if (text == "viewers")
    return PublicSort::kViewers;
  if (text == "newest")
    return PublicSort::kNewest;
  if (text == "title")
    return PublicSort::kTitle;
  return std::nullopt;
}

PublicPage pagePublicRooms(const std::vector<RoomView>& snapshot, int page, int pageSize,
                           PublicSort sort, std::string_view query) {
  const std::string needle = lowerAscii(query);
  std::vector<RoomView> matching;
  for (const auto& room : snapshot) {
    if (!room.is_public || room.lifecycle.state != RoomState::kLive)
      continue;
    if (!needle.empty() && lowerAscii(room.title).find(needle) == std::string::npos)
      continue;
    matching.push_back(room);
  }
  std::sort(matching.begin(), matching.end(),
            [sort](const RoomView& a, const RoomView& b) { return before(a, b, sort); });
  PublicPage out;
  out.page = page;
  out.page_size = pageSize;
  out.total = static_cast<std::int64_t>(matching.size());
  const auto first = static_cast<std::size_t>(std::max(0, page - 1)) *
                     static_cast<std::size_t>(std::max(0, pageSize));
  for (std::size_t i = first; i < matching.size() && i < first + pageSize; ++i)
    out.items.push_back(std::move(matching[i]));
  return out;
}

}  // namespace streamit::rooms
