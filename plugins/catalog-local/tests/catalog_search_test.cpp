// Pure search: matching, filters, stable ordering and paging.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog_search.h"
#include "streamit/sdk/plugin.h"

namespace streamit::catalog_local {
namespace {

std::vector<Entry> sample() {
  return parseCatalog(R"(
items:
  - {id: tos, type: movie, title: Tears of Steel, year: 2012, overview: Robots in Amsterdam.,
     url: "https://x.test/tos.m3u8"}
  - {id: sintel, type: movie, title: Sintel, year: 2010, overview: A girl and her dragon.}
  - {id: steel2, type: movie, title: Steel, year: 2012}
  - {id: bbb, type: movie, title: Big Buck Bunny, year: 2008, overview: A rabbit and steel nerves.}
  - id: cam
    type: tv
    title: Caminandes
    year: 2013
    seasons: [{number: 1, episodes: [{number: 1, title: Llama Drama}]}]
)",
                      "t");
}

std::vector<std::string> ids(const sdk::CatalogPage& page) {
  std::vector<std::string> out;
  for (const auto& i : page.items)
    out.push_back(i.id);
  return out;
}

sdk::CatalogQuery query(const std::string& text, const std::string& type = "", uint32_t year = 0,
                        uint32_t page = 1, uint32_t size = 20) {
  sdk::CatalogQuery q;
  q.text = text;
  q.type = type;
  q.year = year;
  q.page = page;
  q.page_size = size;
  return q;
}

TEST(CatalogSearch, CaseInsensitiveTitleMatchesRankAboveOverviewMatches) {
  auto entries = sample();
  // Exact title, then title substring, then overview-only ("steel nerves").
  EXPECT_EQ(ids(searchEntries(entries, query("STEEL"), 50)),
            (std::vector<std::string>{"local:steel2", "local:tos", "local:bbb"}));
  EXPECT_EQ(ids(searchEntries(entries, query("steel tears"), 50)),
            (std::vector<std::string>{"local:tos"}));  // tokens in any order
  EXPECT_EQ(ids(searchEntries(entries, query("dragon"), 50)),
            (std::vector<std::string>{"local:sintel"}));
  EXPECT_TRUE(searchEntries(entries, query("zebra"), 50).items.empty());
}

TEST(CatalogSearch, EmptyTextListsEverythingAlphabetically) {
  auto page = searchEntries(sample(), query(""), 50);
  EXPECT_EQ(ids(page), (std::vector<std::string>{"local:bbb", "local:cam", "local:sintel",
                                                 "local:steel2", "local:tos"}));
  EXPECT_EQ(page.total_results, 5u);
}

TEST(CatalogSearch, TypeAndYearFilters) {
  auto entries = sample();
  EXPECT_EQ(ids(searchEntries(entries, query("", "tv"), 50)),
            (std::vector<std::string>{"local:cam"}));
  EXPECT_EQ(searchEntries(entries, query("", "movie"), 50).items.size(), 4u);
  EXPECT_EQ(searchEntries(entries, query("", "all"), 50).items.size(), 5u);
  EXPECT_EQ(ids(searchEntries(entries, query("", "", 2012), 50)),
            (std::vector<std::string>{"local:steel2", "local:tos"}));
  try {
    searchEntries(entries, query("", "music"), 50);
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.status(), STREAMIT_STATUS_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("type must be movie, tv or all"), std::string::npos);
  }
}

TEST(CatalogSearch, PagingIsStableAndBounded) {
  auto entries = sample();
  auto p1 = searchEntries(entries, query("", "", 0, 1, 2), 50);
  auto p2 = searchEntries(entries, query("", "", 0, 2, 2), 50);
  auto p3 = searchEntries(entries, query("", "", 0, 3, 2), 50);
  auto p4 = searchEntries(entries, query("", "", 0, 4, 2), 50);
  EXPECT_EQ(ids(p1), (std::vector<std::string>{"local:bbb", "local:cam"}));
  EXPECT_EQ(ids(p2), (std::vector<std::string>{"local:sintel", "local:steel2"}));
  EXPECT_EQ(ids(p3), (std::vector<std::string>{"local:tos"}));
  EXPECT_TRUE(p4.items.empty());  // past the end: empty, not an error
  EXPECT_EQ(p1.total_pages, 3u);
  EXPECT_EQ(p4.page, 4u);
  // page_size is capped by max_page_size; page 0 means 1.
  auto capped = searchEntries(entries, query("", "", 0, 0, 1000), 3);
  EXPECT_EQ(capped.items.size(), 3u);
  EXPECT_EQ(capped.page, 1u);
  EXPECT_EQ(capped.total_pages, 2u);
}

TEST(CatalogSearch, ItemsCarryTheProviderReference) {
  auto entries = sample();
  sdk::CatalogItem tos = toItem(*findEntry(entries, "local:tos"));
  EXPECT_EQ(tos.type, "movie");
  EXPECT_EQ(tos.year, 2012u);
  EXPECT_EQ(tos.provider, "provider.direct");
  EXPECT_EQ(tos.reference, "https://x.test/tos.m3u8");
  sdk::CatalogItem sintel = toItem(*findEntry(entries, "sintel"));  // bare id works too
  EXPECT_EQ(sintel.provider, "");                                   // no url: not playable
  EXPECT_EQ(findEntry(entries, "local:nope"), nullptr);
}

}  // namespace
}  // namespace streamit::catalog_local
