// The catalog file format (YAML, or JSON which is YAML) and its validation. Pure: no host.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace streamit::catalog_local {

struct Episode {
  uint32_t number = 0;
  std::string title;
  std::string overview;
  std::string still;  // image URL
  std::string url;    // playable URL (provider reference); empty = not playable
  uint32_t year = 0;
};

struct Season {
  uint32_t number = 0;
  std::string title;
  std::string overview;
  std::string poster;
  std::vector<Episode> episodes;
};

struct Entry {
  std::string id;    // [a-z0-9._-], unique in the file
  std::string type;  // "movie" | "tv"
  std::string title;
  std::string overview;
  std::string poster;
  std::string backdrop;
  std::string license;
  std::string url;                           // movies: playable URL; empty = not playable
  std::string provider = "provider.direct";  // plays `url` (and the episodes' urls)
  uint32_t year = 0;
  std::vector<std::string> genres;
  std::vector<Season> seasons;  // tv only, ordered by number
};

// what() names the file, the entry (index and id) and the field, e.g.
// "catalog.yaml: items[2] (sintel).year: expected an integer between 1870 and 2100".
class CatalogFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses and validates a whole catalog document; `source` prefixes every message.
std::vector<Entry> parseCatalog(const std::string& text, const std::string& source);

// Reads `path` (absolute, or relative to the process's working directory) and parses it.
std::vector<Entry> loadCatalogFile(const std::filesystem::path& path);

}  // namespace streamit::catalog_local
