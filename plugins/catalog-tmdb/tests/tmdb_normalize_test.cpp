// Pure TMDB JSON normalization edge cases (the happy paths run through the plugin tests).
#include <gtest/gtest.h>

#include <string>

#include "streamit/sdk/plugin.h"
#include "tmdb_normalize.h"

namespace streamit::catalog_tmdb {
namespace {

TEST(TmdbNormalize, ImageSizesTmdbNoLongerListsFallBackToOriginal) {
  const std::string body =
      R"({"images":{"secure_base_url":"https://img.test/t/p/","poster_sizes":["w92","original"],
          "backdrop_sizes":["w780"],"still_sizes":[]}})";
  ImageConfig c = parseImageConfig(body, "w342", "w780", "w300");
  EXPECT_EQ(c.baseUrl, "https://img.test/t/p/");
  EXPECT_EQ(c.posterSize, "original");
  EXPECT_EQ(c.backdropSize, "w780");
  EXPECT_EQ(c.stillSize, "original");
  EXPECT_EQ(imageUrl(c.baseUrl, c.backdropSize, "/a.jpg"), "https://img.test/t/p/w780/a.jpg");
  EXPECT_EQ(imageUrl(c.baseUrl, c.backdropSize, ""), "");
  EXPECT_EQ(imageUrl("", "w780", "/a.jpg"), "");
}

TEST(TmdbNormalize, UnknownGenreIdsAndMediaTypesAreDropped) {
  const std::string body = R"({"page":1,"total_pages":1,"total_results":2,"results":[
      {"id":1,"media_type":"movie","title":"A","genre_ids":[1,99],"release_date":"2001-01-01"},
      {"id":2,"media_type":"collection","name":"C"}]})";
  sdk::CatalogPage page = normalizeSearch(body, "", 0, ImageConfig{}, {{1, "Drama"}}, {});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].genres, std::vector<std::string>{"Drama"});
  EXPECT_EQ(page.items[0].poster, "");  // no image configuration: no URLs
}

TEST(TmdbNormalize, NonJsonBodiesAreAClearError) {
  try {
    normalizeDetails("<html>oops</html>", "movie", ImageConfig{});
    FAIL();
  } catch (const sdk::Error& e) {
    EXPECT_STREQ(e.what(), "TMDB sent an unreadable movie");
  }
  EXPECT_EQ(errorMessage("not json"), "");
  EXPECT_EQ(errorMessage(R"({"status_message":"Invalid id"})"), "Invalid id");
}

}  // namespace
}  // namespace streamit::catalog_tmdb
