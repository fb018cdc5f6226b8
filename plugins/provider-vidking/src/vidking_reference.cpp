#include "vidking_reference.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace streamit::vidking {

namespace {

constexpr std::string_view kTmdbPrefix = "tmdb:";
// TMDB ids are well below this; the cap keeps overflow out of the arithmetic below.
constexpr uint64_t kMaxTmdbId = 999'999'999'999ull;
constexpr uint32_t kMaxSeasonOrEpisode = 100'000;
// One week: a start position beyond any real title is a typo, not a request.
constexpr uint64_t kMaxProgressS = 7ull * 24 * 3600;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

std::optional<uint64_t> parseUnsigned(std::string_view s, uint64_t max) {
  if (s.empty() || s.size() > 20 || !std::all_of(s.begin(), s.end(), isDigit))
    return std::nullopt;
  uint64_t value = 0;
  for (char c : s) {
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > max)
      return std::nullopt;
  }
  return value;
}

std::optional<bool> parseBool(std::string_view s) {
  if (s == "true" || s == "1")
    return true;
  if (s == "false" || s == "0")
    return false;
  return std::nullopt;
}

std::string quoted(std::string_view s) {
  // Cut long garbage so an error message never echoes a whole request body.
  constexpr std::size_t kMax = 64;
  std::string out = "'" + std::string(s.substr(0, kMax));
  if (s.size() > kMax)
    out += "...";
  return out + "'";
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos)
      return parts;
    start = at + 1;
  }
}

void parseOverrides(std::string_view query, Reference& ref) {
  for (std::string_view pair : split(query, '&')) {
    std::size_t eq = pair.find('=');
    if (pair.empty() || eq == std::string_view::npos)
      throw ReferenceError("option " + quoted(pair) + " must be key=value");
    std::string_view key = pair.substr(0, eq);
    std::string_view value = pair.substr(eq + 1);
    auto once = [&](auto& slot) {
      if (slot.has_value())
        throw ReferenceError("option " + quoted(key) + " given twice");
    };
    auto boolean = [&](std::optional<bool>& slot) {
      once(slot);
      slot = parseBool(value);
      if (!slot)
        throw ReferenceError("option " + quoted(key) + " must be true or false, got " +
                             quoted(value));
    };
    EmbedOptions& o = ref.overrides;
    if (key == "color") {
      once(o.color);
      if (!isHexColor(value))
        throw ReferenceError("option 'color' must be 3 or 6 hex digits without '#', got " +
                             quoted(value));
      o.color = std::string(value);
    } else if (key == "autoPlay") {
      boolean(o.autoPlay);
    } else if (key == "nextEpisode" || key == "episodeSelector") {
      if (ref.type != MediaType::kTv)
        throw ReferenceError("option " + quoted(key) + " applies to tv references only");
      boolean(key == "nextEpisode" ? o.nextEpisode : o.episodeSelector);
    } else if (key == "progress") {
      once(o.progress);
      o.progress = parseUnsigned(value, kMaxProgressS);
      if (!o.progress)
        throw ReferenceError(
            "option 'progress' must be a non-negative whole number of seconds (at most " +
            std::to_string(kMaxProgressS) + "), got " + quoted(value));
    } else {
      throw ReferenceError("unknown option " + quoted(key) +
                           " (known: color, autoPlay, nextEpisode, episodeSelector, progress)");
    }
  }
}

void appendParam(std::string& url, bool& first, std::string_view key, std::string_view value) {
  url += first ? '?' : '&';
  first = false;
  url += key;
  url += '=';
  url += value;
}

}  // namespace

bool isHexColor(std::string_view color) {
  return (color.size() == 3 || color.size() == 6) &&
         std::all_of(color.begin(), color.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

Reference parseReference(std::string_view reference) {
  if (reference.empty())
    throw ReferenceError(
        "empty reference (expected movie:<tmdb id> or tv:<id>:<season>:<episode>)");
  if (reference.size() > 512)
    throw ReferenceError("reference longer than 512 characters");
  std::string_view rest = reference;
  if (rest.substr(0, kTmdbPrefix.size()) == kTmdbPrefix)
    rest.remove_prefix(kTmdbPrefix.size());
  std::string_view query;
  if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::vector<std::string_view> parts = split(rest, ':');
  Reference ref;
  if (parts[0] == "movie") {
    ref.type = MediaType::kMovie;
    if (parts.size() != 2)
      throw ReferenceError("movie reference must be movie:<tmdb id>, got " + quoted(reference));
  } else if (parts[0] == "tv") {
    ref.type = MediaType::kTv;
    if (parts.size() != 4)
      throw ReferenceError("tv reference must be tv:<tmdb id>:<season>:<episode>, got " +
                           quoted(reference));
  } else {
    throw ReferenceError("reference must start with movie: or tv: (optionally tmdb:), got " +
                         quoted(reference));
  }
  std::optional<uint64_t> id = parseUnsigned(parts[1], kMaxTmdbId);
  if (!id || *id == 0)
    throw ReferenceError("TMDB id must be a positive integer, got " + quoted(parts[1]));
  ref.tmdbId = *id;
  if (ref.type == MediaType::kTv) {
    // Season 0 is TMDB's "Specials"; episodes start at 1.
    std::optional<uint64_t> season = parseUnsigned(parts[2], kMaxSeasonOrEpisode);
    if (!season)
      throw ReferenceError("season must be a non-negative integer, got " + quoted(parts[2]));
    std::optional<uint64_t> episode = parseUnsigned(parts[3], kMaxSeasonOrEpisode);
    if (!episode || *episode == 0)
      throw ReferenceError("episode must be a positive integer, got " + quoted(parts[3]));
    ref.season = static_cast<uint32_t>(*season);
    ref.episode = static_cast<uint32_t>(*episode);
  }
  if (!query.empty())
    parseOverrides(query, ref);
  return ref;
}

std::string canonicalId(const Reference& reference) {
  if (reference.type == MediaType::kMovie)
    return "movie:" + std::to_string(reference.tmdbId);
  return "tv:" + std::to_string(reference.tmdbId) + ":" + std::to_string(reference.season) + ":" +
         std::to_string(reference.episode);
}

std::string normalizeBaseUrl(std::string_view baseUrl) {
  auto bad = [&](const std::string& why) {
    return ReferenceError("base_url: " + why + ", got " + quoted(baseUrl));
  };
  std::string_view rest;
  if (baseUrl.substr(0, 8) == "https://")
    rest = baseUrl.substr(8);
  else if (baseUrl.substr(0, 7) == "http://")
    rest = baseUrl.substr(7);
  else
    throw bad("must start with https:// or http://");
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.empty())
    throw bad("has no host");
  if (authority.find('@') != std::string_view::npos)  // not echoed: it may hold a password
    throw ReferenceError("base_url: must not contain user info");
  if (baseUrl.find_first_of("?#") != std::string_view::npos)
    throw bad("must not contain a query or fragment");
  if (std::any_of(baseUrl.begin(), baseUrl.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f;
      }))
    throw bad("must not contain spaces or control characters");
  std::string out(baseUrl);
  while (!out.empty() && out.back() == '/')
    out.pop_back();
  return out;
}

std::string buildEmbedUrl(std::string_view base, const Reference& reference,
                          const EmbedOptions& defaults) {
  const EmbedOptions& o = reference.overrides;
  std::string url(base);
  url += "/embed/";
  if (reference.type == MediaType::kMovie) {
    url += "movie/" + std::to_string(reference.tmdbId);
  } else {
    url += "tv/" + std::to_string(reference.tmdbId) + "/" + std::to_string(reference.season) + "/" +
           std::to_string(reference.episode);
  }
  bool first = true;
  auto flag = [](bool b) { return b ? "true" : "false"; };
  if (auto color = o.color ? o.color : defaults.color)
    appendParam(url, first, "color", *color);
  if (auto autoPlay = o.autoPlay ? o.autoPlay : defaults.autoPlay)
    appendParam(url, first, "autoPlay", flag(*autoPlay));
  if (reference.type == MediaType::kTv) {
    if (auto next = o.nextEpisode ? o.nextEpisode : defaults.nextEpisode)
      appendParam(url, first, "nextEpisode", flag(*next));
    if (auto selector = o.episodeSelector ? o.episodeSelector : defaults.episodeSelector)
      appendParam(url, first, "episodeSelector", flag(*selector));
  }
  if (auto progress = o.progress ? o.progress : defaults.progress)
    appendParam(url, first, "progress", std::to_string(*progress));
  return url;
}

}  // namespace streamit::vidking
