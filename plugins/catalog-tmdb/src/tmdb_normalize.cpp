#include "tmdb_normalize.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>

#include "streamit/sdk/plugin.h"

namespace streamit::catalog_tmdb {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr parseObject(const std::string& body, const char* what) {
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var v = parser.parse(body);
    if (v.type() == typeid(Object::Ptr))
      return v.extract<Object::Ptr>();
  } catch (const Poco::Exception&) {
    // reported below, with what we were reading
  }
  throw sdk::Error(STREAMIT_STATUS_ERROR, std::string("TMDB sent an unreadable ") + what);
}

std::string str(const Object::Ptr& o, const std::string& key) {
  if (o.isNull() || !o->has(key) || o->isNull(key))
    return "";
  try {
    return o->getValue<std::string>(key);
  } catch (const Poco::Exception&) {
    return "";
  }
}

int64_t integer(const Object::Ptr& o, const std::string& key) {
  if (o.isNull() || !o->has(key) || o->isNull(key))
    return 0;
  try {
    return o->getValue<int64_t>(key);
  } catch (const Poco::Exception&) {
    return 0;
  }
}

// "2010-09-27" → 2010; anything else → 0 (TMDB sends "" for unknown dates).
uint32_t yearOf(const std::string& date) {
  if (date.size() < 4 ||
      !std::all_of(date.begin(), date.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
    return 0;
  return static_cast<uint32_t>(std::stoul(date.substr(0, 4)));
}

std::vector<Object::Ptr> objects(const Object::Ptr& o, const std::string& key) {
  std::vector<Object::Ptr> out;
  if (o.isNull() || !o->has(key))
    return out;
  Array::Ptr a = o->getArray(key);
  if (a.isNull())
    return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    Object::Ptr e = a->getObject(static_cast<unsigned>(i));
    if (!e.isNull())
      out.push_back(e);
  }
  return out;
}

bool listed(const Object::Ptr& images, const std::string& key, const std::string& size) {
  if (images.isNull() || !images->has(key))
    return false;
  Array::Ptr sizes = images->getArray(key);
  for (std::size_t i = 0; sizes && i < sizes->size(); ++i) {
    if (sizes->getElement<std::string>(static_cast<unsigned>(i)) == size)
      return true;
  }
  return false;
}

// Shared by search results and details: the two differ only in where genres come from.
sdk::CatalogItem base(const Object::Ptr& o, const std::string& type, const ImageConfig& images) {
  sdk::CatalogItem item;
  const int64_t id = integer(o, "id");
  item.type = type;
  item.id = "tmdb:" + type + ":" + std::to_string(id);
  item.title = type == "movie" ? str(o, "title") : str(o, "name");
  item.year = yearOf(type == "movie" ? str(o, "release_date") : str(o, "first_air_date"));
  item.overview = str(o, "overview");
  item.poster = imageUrl(images.baseUrl, images.posterSize, str(o, "poster_path"));
  item.backdrop = imageUrl(images.baseUrl, images.backdropSize, str(o, "backdrop_path"));
  if (type == "movie") {
    // A tv show is played per episode: only movies and episodes carry a reference.
    item.provider = kVidkingProvider;
    item.reference = "movie:" + std::to_string(id);
  }
  return item;
}

}  // namespace

ImageConfig parseImageConfig(const std::string& body, const std::string& posterSize,
                             const std::string& backdropSize, const std::string& stillSize) {
  Object::Ptr root = parseObject(body, "configuration");
  Object::Ptr images = root->getObject("images");
  ImageConfig out;
  out.baseUrl = str(images, "secure_base_url");
  if (out.baseUrl.empty())
    out.baseUrl = str(images, "base_url");
  auto pick = [&](const char* key, const std::string& want) {
    return want == "original" || listed(images, key, want) ? want : std::string("original");
  };
  out.posterSize = pick("poster_sizes", posterSize);
  out.backdropSize = pick("backdrop_sizes", backdropSize);
  out.stillSize = pick("still_sizes", stillSize);
  return out;
}

GenreMap parseGenres(const std::string& body) {
  GenreMap out;
  for (const auto& g : objects(parseObject(body, "genre list"), "genres"))
    out[integer(g, "id")] = str(g, "name");
  return out;
}

std::string imageUrl(const std::string& base, const std::string& size, const std::string& path) {
  if (base.empty() || path.empty())
    return "";
  return base + size + path;
}

sdk::CatalogPage normalizeSearch(const std::string& body, const std::string& type, uint32_t year,
                                 const ImageConfig& images, const GenreMap& movieGenres,
                                 const GenreMap& tvGenres) {
  Object::Ptr root = parseObject(body, "search page");
  sdk::CatalogPage page;
  page.page = static_cast<uint32_t>(std::max<int64_t>(integer(root, "page"), 1));
  page.total_pages = static_cast<uint32_t>(std::max<int64_t>(integer(root, "total_pages"), 0));
  page.total_results = static_cast<uint64_t>(std::max<int64_t>(integer(root, "total_results"), 0));
  for (const auto& r : objects(root, "results")) {
    const std::string mediaType = type.empty() ? str(r, "media_type") : type;
    if (mediaType != "movie" && mediaType != "tv")
      continue;  // people (and anything newer) are not watchable
    sdk::CatalogItem item = base(r, mediaType, images);
    if (year != 0 && item.year != year)
      continue;
    const GenreMap& genres = mediaType == "movie" ? movieGenres : tvGenres;
    if (r->has("genre_ids") && !r->isNull("genre_ids")) {
      Array::Ptr ids = r->getArray("genre_ids");
      for (std::size_t i = 0; ids && i < ids->size(); ++i) {
        auto it = genres.find(ids->getElement<int64_t>(static_cast<unsigned>(i)));
        if (it != genres.end())
          item.genres.push_back(it->second);
      }
    }
    page.items.push_back(std::move(item));
  }
  return page;
}

sdk::CatalogItem normalizeDetails(const std::string& body, const std::string& type,
                                  const ImageConfig& images) {
  Object::Ptr root = parseObject(body, type == "movie" ? "movie" : "tv show");
  sdk::CatalogItem item = base(root, type, images);
  for (const auto& g : objects(root, "genres"))
    item.genres.push_back(str(g, "name"));
  if (type == "tv") {
    uint32_t seasons = 0;
    for (const auto& s : objects(root, "seasons"))
      seasons += integer(s, "season_number") > 0 ? 1 : 0;
    item.season_count = seasons;
  }
  return item;
}

std::vector<sdk::CatalogItem> normalizeSeasons(const std::string& body, const ImageConfig& images) {
  Object::Ptr root = parseObject(body, "tv show");
  const int64_t tvId = integer(root, "id");
  std::vector<sdk::CatalogItem> out;
  for (const auto& s : objects(root, "seasons")) {
    const int64_t number = integer(s, "season_number");
    if (number <= 0)
      continue;
    sdk::CatalogItem item;
    item.id = "tmdb:tv:" + std::to_string(tvId) + ":" + std::to_string(number);
    item.type = "tv";
    item.title = str(s, "name");
    item.overview = str(s, "overview");
    item.year = yearOf(str(s, "air_date"));
    item.poster = imageUrl(images.baseUrl, images.posterSize, str(s, "poster_path"));
    item.backdrop = imageUrl(images.baseUrl, images.backdropSize, str(root, "backdrop_path"));
    item.season_number = static_cast<uint32_t>(number);
    out.push_back(std::move(item));
  }
  std::sort(out.begin(), out.end(), [](const sdk::CatalogItem& a, const sdk::CatalogItem& b) {
    return a.season_number < b.season_number;
  });
  return out;
}

std::vector<sdk::CatalogItem> normalizeEpisodes(const std::string& body, int64_t tvId,
                                                const ImageConfig& images) {
  Object::Ptr root = parseObject(body, "season");
  const std::string seasonPoster = str(root, "poster_path");
  std::vector<sdk::CatalogItem> out;
  for (const auto& e : objects(root, "episodes")) {
    const int64_t season = integer(e, "season_number");
    const int64_t episode = integer(e, "episode_number");
    const std::string suffix =
        std::to_string(tvId) + ":" + std::to_string(season) + ":" + std::to_string(episode);
    sdk::CatalogItem item;
    item.id = "tmdb:tv:" + suffix;
    item.type = "episode";
    item.title = str(e, "name");
    item.overview = str(e, "overview");
    item.year = yearOf(str(e, "air_date"));
    item.poster = imageUrl(images.baseUrl, images.posterSize, seasonPoster);
    item.backdrop = imageUrl(images.baseUrl, images.stillSize, str(e, "still_path"));
    item.season_number = static_cast<uint32_t>(std::max<int64_t>(season, 0));
    item.episode_number = static_cast<uint32_t>(std::max<int64_t>(episode, 0));
    item.provider = kVidkingProvider;
    item.reference = "tv:" + suffix;
    out.push_back(std::move(item));
  }
  return out;
}

std::string errorMessage(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var v = parser.parse(body);
    if (v.type() == typeid(Object::Ptr))
      return str(v.extract<Object::Ptr>(), "status_message");
  } catch (const Poco::Exception&) {
    // not JSON: no message
  }
  return "";
}

}  // namespace streamit::catalog_tmdb
