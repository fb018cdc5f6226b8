// The public list as a pure function: filtering, ordering with the code tie-break, paging.
#include <gtest/gtest.h>

#include "rooms/public_list.h"

namespace streamit::rooms {
namespace {

RoomView room(std::string code, std::string title, std::int64_t viewers, std::int64_t createdMs,
              bool isPublic = true, RoomState state = RoomState::kLive) {
  RoomView r;
  r.code = std::move(code);
  r.title = std::move(title);
  r.viewer_count = viewers;
  r.created_ms = createdMs;
  r.is_public = isPublic;
  r.lifecycle.state = state;
  return r;
}

std::vector<std::string> codes(const PublicPage& page) {
  std::vector<std::string> out;
  for (const auto& r : page.items)
    out.push_back(r.code);
  return out;
}

using Strings = std::vector<std::string>;

const std::vector<RoomView> kSnapshot = {
    room("CCCCCCCCCC", "Zeta", 5, 300),
    room("AAAAAAAAAA", "alpha", 5, 100),
    room("BBBBBBBBBB", "Beta night", 7, 300),
    room("DDDDDDDDDD", "Private", 99, 400, false),
    room("EEEEEEEEEE", "Grace", 99, 500, true, RoomState::kGrace),
    room("FFFFFFFFFF", "Created", 99, 600, true, RoomState::kCreated),
};

TEST(PublicList, ExcludesPrivateAndNonLiveRooms) {
  const auto page = pagePublicRooms(kSnapshot, 1, 20, PublicSort::kViewers, "");
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(codes(page), (Strings{"BBBBBBBBBB", "AAAAAAAAAA", "CCCCCCCCCC"}));
}

TEST(PublicList, SortsWithTheCodeAsTieBreak) {
  EXPECT_EQ(codes(pagePublicRooms(kSnapshot, 1, 20, PublicSort::kNewest, "")),
            (Strings{"BBBBBBBBBB", "CCCCCCCCCC", "AAAAAAAAAA"}));
  EXPECT_EQ(codes(pagePublicRooms(kSnapshot, 1, 20, PublicSort::kTitle, "")),
            (Strings{"AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"}));
  // The input order does not matter.
  std::vector<RoomView> reversed(kSnapshot.rbegin(), kSnapshot.rend());
  EXPECT_EQ(codes(pagePublicRooms(reversed, 1, 20, PublicSort::kViewers, "")),
            codes(pagePublicRooms(kSnapshot, 1, 20, PublicSort::kViewers, "")));
}

TEST(PublicList, PagesAndFilters) {
  const auto second = pagePublicRooms(kSnapshot, 2, 2, PublicSort::kViewers, "");
  EXPECT_EQ(second.total, 3);
  EXPECT_EQ(second.page, 2);
  EXPECT_EQ(second.page_size, 2);
  EXPECT_EQ(codes(second), (Strings{"CCCCCCCCCC"}));
  EXPECT_TRUE(pagePublicRooms(kSnapshot, 9, 2, PublicSort::kViewers, "").items.empty());
  const auto filtered = pagePublicRooms(kSnapshot, 1, 20, PublicSort::kViewers, "NIGHT");
  EXPECT_EQ(filtered.total, 1);
  EXPECT_EQ(codes(filtered), (Strings{"BBBBBBBBBB"}));
  EXPECT_EQ(pagePublicRooms(kSnapshot, 1, 20, PublicSort::kViewers, "private").total, 0);
}

TEST(PublicList, ParsesSortNames) {
  EXPECT_EQ(parsePublicSort("viewers"), PublicSort::kViewers);
  EXPECT_EQ(parsePublicSort("newest"), PublicSort::kNewest);
  EXPECT_EQ(parsePublicSort("title"), PublicSort::kTitle);
  EXPECT_FALSE(parsePublicSort("Viewers"));
  EXPECT_FALSE(parsePublicSort(""));
}

}  // namespace
}  // namespace streamit::rooms
