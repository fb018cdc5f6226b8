#include "catalog_search.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "streamit/sdk/plugin.h"

namespace streamit::catalog_local {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Tokens are runs of letters/digits, so "tears-of steel" matches "Tears of Steel".
std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  for (char c : lower(s)) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80) {
      current += c;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty())
    out.push_back(std::move(current));
  return out;
}

bool containsAll(const std::string& haystack, const std::vector<std::string>& needles) {
  return std::all_of(needles.begin(), needles.end(),
                     [&](const std::string& n) { return haystack.find(n) != std::string::npos; });
}

// Lower is better; nullopt = no match. Title matches rank above overview-only matches so a
// search for "sintel" lists Sintel before films whose overview mentions it.
std::optional<int> rank(const Entry& e, const std::string& phrase,
                        const std::vector<std::string>& words) {
  if (words.empty())
    return 0;
  const std::string title = lower(e.title);
  if (title.find(phrase) != std::string::npos)
    return title == phrase ? 0 : 1;
  if (containsAll(title, words))
    return 2;
  if (containsAll(title + " " + lower(e.overview), words))
    return 3;
  return std::nullopt;
}

}  // namespace

sdk::CatalogPage searchEntries(const std::vector<Entry>& entries, const sdk::CatalogQuery& query,
                               uint32_t maxPageSize) {
  const std::string type = lower(query.type);
  if (!type.empty() && type != "all" && type != "movie" && type != "tv")
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "type must be movie, tv or all, got '" + query.type + "'");
  const std::string phrase = lower(query.text);
  const std::vector<std::string> words = tokens(query.text);

  struct Hit {
    int rank;
    std::string title;
    const Entry* entry;
  };
  std::vector<Hit> hits;
  for (const Entry& e : entries) {
    if ((type == "movie" || type == "tv") && e.type != type)
      continue;
    if (query.year != 0 && e.year != query.year)
      continue;
    if (auto r = rank(e, phrase, words))
      hits.push_back({*r, lower(e.title), &e});
  }
  // Ids are unique, so this order is total: the same query always pages the same way.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.rank, a.title, a.entry->id) < std::tie(b.rank, b.title, b.entry->id);
  });

  const uint32_t size = std::min(query.page_size == 0 ? kDefaultPageSize : query.page_size,
                                 std::max(maxPageSize, 1u));
  const uint32_t page = std::max(query.page, 1u);
  sdk::CatalogPage out;
  out.page = page;
  out.total_results = hits.size();
  out.total_pages = std::max<uint32_t>(1, static_cast<uint32_t>((hits.size() + size - 1) / size));
  const uint64_t first = static_cast<uint64_t>(page - 1) * size;
  for (uint64_t i = first; i < hits.size() && i < first + size; ++i)
    out.items.push_back(toItem(*hits[i].entry));
  return out;
}

const Entry* findEntry(const std::vector<Entry>& entries, std::string_view id) {
  if (id.substr(0, kIdPrefix.size()) == kIdPrefix)
    id.remove_prefix(kIdPrefix.size());
  for (const Entry& e : entries) {
    if (e.id == id)
      return &e;
  }
  return nullptr;
}

sdk::CatalogItem toItem(const Entry& entry) {
  sdk::CatalogItem item;
  item.id = std::string(kIdPrefix) + entry.id;
  item.type = entry.type;
  item.title = entry.title;
  item.overview = entry.overview;
  item.poster = entry.poster;
  item.backdrop = entry.backdrop;
  item.year = entry.year;
  item.genres = entry.genres;
  item.season_count = static_cast<uint32_t>(entry.seasons.size());
  if (!entry.url.empty()) {
    item.provider = entry.provider;
    item.reference = entry.url;
  }
  return item;
}

sdk::CatalogItem toSeasonItem(const Entry& entry, const Season& season) {
  sdk::CatalogItem item;
  item.id = std::string(kIdPrefix) + entry.id + ":" + std::to_string(season.number);
  item.type = "tv";
  item.title = season.title.empty() ? "Season " + std::to_string(season.number) : season.title;
  item.overview = season.overview;
  item.poster = season.poster.empty() ? entry.poster : season.poster;
  item.backdrop = entry.backdrop;
  item.genres = entry.genres;
  item.year = season.episodes.empty() ? entry.year : season.episodes.front().year;
  item.season_number = season.number;
  return item;
}

sdk::CatalogItem toEpisodeItem(const Entry& entry, const Season& season, const Episode& episode) {
  sdk::CatalogItem item;
  item.id = std::string(kIdPrefix) + entry.id + ":" + std::to_string(season.number) + ":" +
            std::to_string(episode.number);
  item.type = "episode";
  item.title = episode.title;
  item.overview = episode.overview;
  item.poster = season.poster.empty() ? entry.poster : season.poster;
  item.backdrop = episode.still.empty() ? entry.backdrop : episode.still;
  item.genres = entry.genres;
  item.year = episode.year;
  item.season_number = season.number;
  item.episode_number = episode.number;
  if (!episode.url.empty()) {
    item.provider = entry.provider;
    item.reference = episode.url;
  }
  return item;
}

}  // namespace streamit::catalog_local
