// Reference parsing and embed URL building: pure, no I/O.
#include <gtest/gtest.h>

#include "vidking_reference.h"

namespace streamit::vidking {
namespace {

constexpr const char* kBase = "https://www.vidking.net";

std::string url(std::string_view reference, const EmbedOptions& defaults = {}) {
  return buildEmbedUrl(kBase, parseReference(reference), defaults);
}

std::string errorOf(std::string_view reference) {
  try {
    (void)parseReference(reference);
  } catch (const ReferenceError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ProviderVidkingReference, MovieAndTvPathsWithAndWithoutTmdbPrefix) {
  EXPECT_EQ(url("movie:603"), "https://www.vidking.net/embed/movie/603");
  EXPECT_EQ(url("tmdb:movie:603"), "https://www.vidking.net/embed/movie/603");
  EXPECT_EQ(url("tv:1399:1:2"), "https://www.vidking.net/embed/tv/1399/1/2");
  EXPECT_EQ(url("tmdb:tv:1399:0:1"), "https://www.vidking.net/embed/tv/1399/0/1");
  EXPECT_EQ(canonicalId(parseReference("tmdb:tv:1399:1:2?progress=5")), "tv:1399:1:2");
  EXPECT_EQ(canonicalId(parseReference("movie:603?autoPlay=true")), "movie:603");
}

TEST(ProviderVidkingReference, EveryOptionFromConfigDefaults) {
  EmbedOptions d;
  d.color = "e50914";
  d.autoPlay = true;
  d.nextEpisode = true;
  d.episodeSelector = false;
  d.progress = 30;
  EXPECT_EQ(url("tv:1399:1:2", d),
            "https://www.vidking.net/embed/tv/1399/1/2?color=e50914&autoPlay=true"
            "&nextEpisode=true&episodeSelector=false&progress=30");
  // nextEpisode/episodeSelector mean nothing to a movie player: never sent for movies.
  EXPECT_EQ(url("movie:603", d),
            "https://www.vidking.net/embed/movie/603?color=e50914&autoPlay=true&progress=30");
}

TEST(ProviderVidkingReference, PerReferenceOptionsOverrideDefaults) {
  EmbedOptions d;
  d.color = "fff";
  d.autoPlay = false;
  EXPECT_EQ(url("movie:603?progress=120", d),
            "https://www.vidking.net/embed/movie/603?color=fff&autoPlay=false&progress=120");
  EXPECT_EQ(url("movie:603?color=00FF00&autoPlay=true", d),
            "https://www.vidking.net/embed/movie/603?color=00FF00&autoPlay=true");
  EXPECT_EQ(url("tv:1399:2:3?nextEpisode=false&episodeSelector=true&progress=0"),
            "https://www.vidking.net/embed/tv/1399/2/3?nextEpisode=false&episodeSelector=true"
            "&progress=0");
}

TEST(ProviderVidkingReference, InvalidReferencesAreRejectedWithAClearMessage) {
  struct Case {
    const char* reference;
    const char* expected;  // substring of the message
  };
  const Case cases[] = {
      {"", "empty reference"},
      {"movie:", "TMDB id must be a positive integer"},
      {"movie:abc", "TMDB id must be a positive integer, got 'abc'"},
      {"movie:0", "TMDB id must be a positive integer"},
      {"movie:-603", "TMDB id must be a positive integer"},
      {"movie:6 03", "TMDB id must be a positive integer"},
      {"movie:99999999999999999999999", "TMDB id must be a positive integer"},
      {"movie:603:1", "movie reference must be movie:<tmdb id>"},
      {"tv:1399:-1:2", "season must be a non-negative integer, got '-1'"},
      {"tv:1399:1", "tv reference must be tv:<tmdb id>:<season>:<episode>"},
      {"tv:1399:1:", "episode must be a positive integer"},
      {"tv:1399:1:0", "episode must be a positive integer"},
      {"tv:x:1:2", "TMDB id must be a positive integer"},
      {"show:1", "must start with movie: or tv:"},
      {"imdb:movie:603", "must start with movie: or tv:"},
      {"movie:603?color=#ff0000", "option 'color' must be 3 or 6 hex digits"},
      {"movie:603?color=ff00", "option 'color' must be 3 or 6 hex digits"},
      {"movie:603?color=zzzzzz", "option 'color' must be 3 or 6 hex digits"},
      {"movie:603?autoPlay=yes", "option 'autoPlay' must be true or false"},
      {"movie:603?progress=-5", "option 'progress' must be a non-negative whole number"},
      {"movie:603?progress=1.5", "option 'progress' must be a non-negative whole number"},
      {"movie:603?progress=1&progress=2", "option 'progress' given twice"},
      {"movie:603?nextEpisode=true", "applies to tv references only"},
      {"movie:603?volume=3", "unknown option 'volume'"},
      {"movie:603?progress", "must be key=value"},
      {"movie:603?", "accepted"},  // an empty query is harmless
  };
  for (const Case& c : cases) {
    EXPECT_NE(errorOf(c.reference).find(c.expected), std::string::npos)
        << c.reference << " → " << errorOf(c.reference);
  }
}

TEST(ProviderVidkingReference, HexColorRule) {
  EXPECT_TRUE(isHexColor("fff"));
  EXPECT_TRUE(isHexColor("E50914"));
  EXPECT_FALSE(isHexColor(""));
  EXPECT_FALSE(isHexColor("#fff"));
  EXPECT_FALSE(isHexColor("ffff"));
  EXPECT_FALSE(isHexColor("ggg"));
}

TEST(ProviderVidkingReference, BaseUrlIsCheckedAndNormalized) {
  EXPECT_EQ(normalizeBaseUrl("https://www.vidking.net/"), "https://www.vidking.net");
  EXPECT_EQ(normalizeBaseUrl("http://127.0.0.1:8080/prefix"), "http://127.0.0.1:8080/prefix");
  for (const char* bad : {"ftp://x", "www.vidking.net", "https://", "https://u:p@host",
                          "https://host/?q=1", "https://host/#f", "https://ho st"}) {
    EXPECT_THROW(normalizeBaseUrl(bad), ReferenceError) << bad;
  }
  try {
    normalizeBaseUrl("javascript:alert(1)");
    FAIL();
  } catch (const ReferenceError& e) {
    EXPECT_NE(std::string(e.what()).find("base_url: must start with https:// or http://"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace streamit::vidking
