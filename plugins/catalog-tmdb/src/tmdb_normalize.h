// TMDB v3 JSON → the SDK's CatalogItem shape. Pure: bodies in, items out (Poco::JSON inside).
// Throws sdk::Error(ERROR) when a body is not the JSON shape TMDB documents.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "streamit/sdk/types.h"

namespace streamit::catalog_tmdb {

inline constexpr const char* kVidkingProvider = "provider.vidking";

struct ImageConfig {
  std::string baseUrl;  // images.secure_base_url; empty = no image URLs
  std::string posterSize;
  std::string backdropSize;
  std::string stillSize;
};

using GenreMap = std::map<int64_t, std::string>;

// From /configuration. A wanted size TMDB does not list falls back to "original", so a stale
// config never produces broken image URLs.
ImageConfig parseImageConfig(const std::string& body, const std::string& posterSize,
                             const std::string& backdropSize, const std::string& stillSize);
// From /genre/movie/list or /genre/tv/list.
GenreMap parseGenres(const std::string& body);
// base + size + path, or empty when the path or the base is empty.
std::string imageUrl(const std::string& base, const std::string& size, const std::string& path);

// A /search/{multi,movie,tv} page. `type` is "movie" or "tv" for the typed searches (their
// results have no media_type) and empty for multi, whose person results are skipped. `year`
// (0 = any) filters client-side, which multi search cannot do upstream.
sdk::CatalogPage normalizeSearch(const std::string& body, const std::string& type, uint32_t year,
                                 const ImageConfig& images, const GenreMap& movieGenres,
                                 const GenreMap& tvGenres);
// /movie/{id} (type "movie") or /tv/{id} (type "tv").
sdk::CatalogItem normalizeDetails(const std::string& body, const std::string& type,
                                  const ImageConfig& images);
// The seasons of a /tv/{id} body (season 0, "Specials", is skipped: season 0 means "list
// seasons" in CatalogV1::episodes, so its episodes could not be asked for).
std::vector<sdk::CatalogItem> normalizeSeasons(const std::string& body, const ImageConfig& images);
// /tv/{id}/season/{n}: one item per episode, each playable with VidKing.
std::vector<sdk::CatalogItem> normalizeEpisodes(const std::string& body, int64_t tvId,
                                                const ImageConfig& images);

// TMDB's error body {"status_code":7,"status_message":"..."}: the message, or empty.
std::string errorMessage(const std::string& body);

}  // namespace streamit::catalog_tmdb
