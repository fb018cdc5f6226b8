// Catalog file parsing and validation: every refusal names the entry and the field.
#include <gtest/gtest.h>

#include <string>

#include "catalog_file.h"

namespace streamit::catalog_local {
namespace {

std::string refusal(const std::string& yaml) {
  try {
    parseCatalog(yaml, "cat.yaml");
  } catch (const CatalogFileError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(CatalogFile, ParsesMoviesAndSeriesSortedBySeasonAndEpisode) {
  auto entries = parseCatalog(R"(
items:
  - {id: m1, type: movie, title: Movie One, year: 2001, genres: [Drama], url: "https://x.test/m1.mp4"}
  - id: s1
    type: tv
    title: Show
    seasons:
      - number: 2
        episodes: [{number: 2, title: B}, {number: 1, title: A, url: "http://x.test/a.m3u8"}]
      - {number: 1, episodes: [{number: 1, title: Pilot}]}
)",
                              "cat.yaml");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].year, 2001u);
  EXPECT_EQ(entries[0].provider, "provider.direct");
  EXPECT_EQ(entries[0].genres, std::vector<std::string>{"Drama"});
  ASSERT_EQ(entries[1].seasons.size(), 2u);
  EXPECT_EQ(entries[1].seasons[0].number, 1u);
  EXPECT_EQ(entries[1].seasons[1].episodes[0].title, "A");
}

TEST(CatalogFile, JsonIsAcceptedToo) {
  auto entries =
      parseCatalog(R"({"items":[{"id":"a","type":"movie","title":"A","year":1999}]})", "c.json");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].title, "A");
}

TEST(CatalogFile, MalformedEntriesAreRefusedNamingEntryAndField) {
  struct Case {
    const char* yaml;
    const char* expected;
  };
  const Case cases[] = {
      {"items: [{id: a, type: movie}]", "cat.yaml: items[0] (a).title: is required"},
      {"items: [{id: a, type: film, title: A}]", "items[0] (a).type: expected movie or tv"},
      {"items: [{id: a, type: movie, title: A, year: 20x}]",
       "items[0] (a).year: expected an integer between 1870 and 2100"},
      {"items: [{id: a, type: movie, title: A, url: ftp://x}]",
       "items[0] (a).url: expected an http:// or https:// URL"},
      {"items: [{id: A B, type: movie, title: A}]", "items[0].id: 'A B' must be"},
      {"items: [{type: movie, title: A}]", "items[0].id: is required"},
      {"items: [{id: a, type: movie, title: A, overveiw: x}]",
       "items[0] (a).overveiw: unknown field"},
      {"items: [{id: a, type: movie, title: A}, {id: a, type: movie, title: B}]",
       "items[1].id: duplicate id 'a'"},
      {"items: [{id: a, type: tv, title: A}]", "items[0] (a).seasons: a tv entry needs"},
      {"items: [{id: a, type: movie, title: A, seasons: []}]",
       "items[0] (a).seasons: only tv entries have seasons"},
      {"items: [{id: a, type: tv, title: A, seasons: [{number: 1, episodes: [{number: 1}]}]}]",
       "items[0] (a).seasons[0].episodes[0].title: is required"},
      {"items: [{id: a, type: tv, title: A, seasons: [{number: 1, episodes: [{number: 1, title: "
       "x}, {number: 1, title: y}]}]}]",
       "items[0] (a).seasons[0].episodes[1].number: duplicate episode number 1"},
      {"items: [{id: a, type: movie, title: A, genres: Drama}]",
       "items[0] (a).genres: expected a list"},
      {"items: {id: a}", "cat.yaml: items: expected a list"},
      {"films: []", "cat.yaml.films: unknown field"},
      {"items: [ {id: a", "cat.yaml: line "},
  };
  for (const Case& c : cases) {
    const std::string message = refusal(c.yaml);
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.yaml << " → " << message;
  }
}

TEST(CatalogFile, MissingFileIsAClearError) {
  try {
    loadCatalogFile("/nonexistent/catalog.yaml");
    FAIL() << "accepted";
  } catch (const CatalogFileError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/catalog.yaml: cannot be read");
  }
}

TEST(CatalogFile, TheShippedDemoCatalogIsValid) {
  auto entries = loadCatalogFile(STREAMIT_CATALOG_LOCAL_DEMO);
  EXPECT_GE(entries.size(), 7u);
  for (const Entry& e : entries)
    EXPECT_FALSE(e.license.empty()) << e.id;
}

}  // namespace
}  // namespace streamit::catalog_local
