#include "catalog_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace streamit::catalog_local {
namespace {

constexpr uint32_t kMinYear = 1870;  // the oldest surviving films
constexpr uint32_t kMaxYear = 2100;
constexpr uint32_t kMaxNumber = 10000;

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  throw CatalogFileError(where + ": " + message);
}

// Unknown keys are refused: a typo ("overveiw") would otherwise silently drop data.
void checkKeys(const YAML::Node& node, const std::set<std::string>& allowed,
               const std::string& where) {
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>("");
    if (allowed.count(key) == 0)
      fail(where + "." + key, "unknown field");
  }
}

std::string text(const YAML::Node& node, const std::string& key, const std::string& where,
                 bool required) {
  const YAML::Node value = node[key];
  if (!value || value.IsNull()) {
    if (required)
      fail(where + "." + key, "is required");
    return "";
  }
  if (!value.IsScalar())
    fail(where + "." + key, "expected a string");
  std::string s = value.Scalar();
  if (required && s.empty())
    fail(where + "." + key, "must not be empty");
  return s;
}

uint32_t number(const YAML::Node& node, const std::string& key, const std::string& where,
                uint32_t min, uint32_t max, bool required) {
  const YAML::Node value = node[key];
  if (!value || value.IsNull()) {
    if (required)
      fail(where + "." + key, "is required");
    return 0;
  }
  long long n = 0;
  if (!value.IsScalar() || !YAML::convert<long long>::decode(value, n) || n < min || n > max) {
    fail(where + "." + key,
         "expected an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return static_cast<uint32_t>(n);
}

std::string url(const YAML::Node& node, const std::string& key, const std::string& where) {
  std::string u = text(node, key, where, false);
  if (!u.empty() && u.rfind("https://", 0) != 0 && u.rfind("http://", 0) != 0)
    fail(where + "." + key, "expected an http:// or https:// URL");
  return u;
}

bool validId(const std::string& id) {
  if (id.empty() || id.size() > 128)
    return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok)
      return false;
  }
  return true;
}

Episode parseEpisode(const YAML::Node& node, const std::string& where) {
  if (!node.IsMap())
    fail(where, "expected a mapping");
  checkKeys(node, {"number", "title", "overview", "still", "url", "year"}, where);
  Episode e;
  e.number = number(node, "number", where, 1, kMaxNumber, true);
  e.title = text(node, "title", where, true);
  e.overview = text(node, "overview", where, false);
  e.still = url(node, "still", where);
  e.url = url(node, "url", where);
  e.year = number(node, "year", where, kMinYear, kMaxYear, false);
  return e;
}

Season parseSeason(const YAML::Node& node, const std::string& where) {
  if (!node.IsMap())
    fail(where, "expected a mapping");
  checkKeys(node, {"number", "title", "overview", "poster", "episodes"}, where);
  Season s;
  // Season 0 ("specials") is not addressable: CatalogV1::episodes uses season 0 for "list
  // seasons".
  s.number = number(node, "number", where, 1, kMaxNumber, true);
  s.title = text(node, "title", where, false);
  s.overview = text(node, "overview", where, false);
  s.poster = url(node, "poster", where);
  const YAML::Node episodes = node["episodes"];
  if (!episodes || !episodes.IsSequence() || episodes.size() == 0)
    fail(where + ".episodes", "expected a non-empty list");
  std::set<uint32_t> seen;
  for (std::size_t i = 0; i < episodes.size(); ++i) {
    std::string w = where + ".episodes[" + std::to_string(i) + "]";
    Episode e = parseEpisode(episodes[i], w);
    if (!seen.insert(e.number).second)
      fail(w + ".number", "duplicate episode number " + std::to_string(e.number));
    s.episodes.push_back(std::move(e));
  }
  return s;
}

Entry parseEntry(const YAML::Node& node, const std::string& index) {
  if (!node.IsMap())
    fail(index, "expected a mapping");
  Entry e;
  e.id = text(node, "id", index, true);
  if (!validId(e.id))
    fail(index + ".id", "'" + e.id + "' must be 1-128 characters of [a-z0-9._-]");
  const std::string where = index + " (" + e.id + ")";
  checkKeys(node,
            {"id", "type", "title", "overview", "poster", "backdrop", "license", "url", "provider",
             "year", "genres", "seasons"},
            where);
  e.type = text(node, "type", where, true);
  if (e.type != "movie" && e.type != "tv")
    fail(where + ".type", "expected movie or tv, got '" + e.type + "'");
  e.title = text(node, "title", where, true);
  e.overview = text(node, "overview", where, false);
  e.poster = url(node, "poster", where);
  e.backdrop = url(node, "backdrop", where);
  e.license = text(node, "license", where, false);
  e.url = url(node, "url", where);
  if (node["provider"])
    e.provider = text(node, "provider", where, true);
  e.year = number(node, "year", where, kMinYear, kMaxYear, false);
  if (const YAML::Node genres = node["genres"]) {
    if (!genres.IsSequence())
      fail(where + ".genres", "expected a list of strings");
    for (std::size_t i = 0; i < genres.size(); ++i) {
      if (!genres[i].IsScalar() || genres[i].Scalar().empty())
        fail(where + ".genres[" + std::to_string(i) + "]", "expected a non-empty string");
      e.genres.push_back(genres[i].Scalar());
    }
  }
  const YAML::Node seasons = node["seasons"];
  if (e.type == "movie") {
    if (seasons)
      fail(where + ".seasons", "only tv entries have seasons");
    return e;
  }
  if (!e.url.empty())
    fail(where + ".url", "a tv entry is played per episode: put url on its episodes");
  if (!seasons || !seasons.IsSequence() || seasons.size() == 0)
    fail(where + ".seasons", "a tv entry needs a non-empty list of seasons");
  std::set<uint32_t> seen;
  for (std::size_t i = 0; i < seasons.size(); ++i) {
    std::string w = where + ".seasons[" + std::to_string(i) + "]";
    Season s = parseSeason(seasons[i], w);
    if (!seen.insert(s.number).second)
      fail(w + ".number", "duplicate season number " + std::to_string(s.number));
    e.seasons.push_back(std::move(s));
  }
  std::sort(e.seasons.begin(), e.seasons.end(),
            [](const Season& a, const Season& b) { return a.number < b.number; });
  for (auto& s : e.seasons) {
    std::sort(s.episodes.begin(), s.episodes.end(),
              [](const Episode& a, const Episode& b) { return a.number < b.number; });
  }
  return e;
}

}  // namespace

std::vector<Entry> parseCatalog(const std::string& textIn, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(textIn);
  } catch (const YAML::Exception& e) {
    throw CatalogFileError(source + ": line " + std::to_string(e.mark.line + 1) +
                           ": syntax error: " + e.msg);
  }
  if (!root.IsMap())
    fail(source, "expected a mapping with an 'items' list");
  checkKeys(root, {"items"}, source);
  const YAML::Node items = root["items"];
  if (!items || !items.IsSequence())
    fail(source + ": items", "expected a list");
  std::vector<Entry> out;
  std::set<std::string> ids;
  try {
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::string index = "items[" + std::to_string(i) + "]";
      Entry e = parseEntry(items[i], index);
      if (!ids.insert(e.id).second)
        fail(index + ".id", "duplicate id '" + e.id + "'");
      out.push_back(std::move(e));
    }
  } catch (const CatalogFileError& e) {
    throw CatalogFileError(source + ": " + e.what());
  } catch (const YAML::Exception& e) {
    throw CatalogFileError(source + ": " + e.what());
  }
  return out;
}

std::vector<Entry> loadCatalogFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CatalogFileError(path.string() + ": cannot be read");
  std::ostringstream content;
  content << in.rdbuf();
  return parseCatalog(content.str(), path.string());
}

}  // namespace streamit::catalog_local
