#include "tmdb_catalog.h"

#include <openssl/evp.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <thread>

#include "retry_after.h"
#include "streamit/sdk/config_reader.h"

namespace streamit::catalog_tmdb {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr milliseconds kDefaultRetryAfter{1000};  // a 429 without (a readable) Retry-After
constexpr std::size_t kMaxQueryBytes = 500;

std::string readSecretFile(const std::string& key, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, key + ": cannot read '" + path + "'");
  std::ostringstream content;
  content << in.rdbuf();
  std::string s = content.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.pop_back();  // editors and echo add a newline that is never part of the secret
  if (s.empty())
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, key + ": '" + path + "' is empty");
  return s;
}

std::string percentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// Cache keys must be [A-Za-z0-9_.:-] and short: hash the request (never the credentials).
std::string sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw sdk::Error(STREAMIT_STATUS_ERROR, "sha256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

// "tmdb:movie:603" / "movie:603" → {"movie", 603}.
std::pair<std::string, int64_t> parseId(std::string_view id) {
  const std::string original(id);
  if (id.substr(0, 5) == "tmdb:")
    id.remove_prefix(5);
  std::string type;
  if (id.substr(0, 6) == "movie:") {
    type = "movie";
    id.remove_prefix(6);
  } else if (id.substr(0, 3) == "tv:") {
    type = "tv";
    id.remove_prefix(3);
  }
  if (type.empty() || id.empty() || id.size() > 12 ||
      id.find_first_not_of("0123456789") != std::string_view::npos || id[0] == '0') {
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "id must be tmdb:movie:<id> or tmdb:tv:<id>, got '" + original + "'");
  }
  return {type, std::stoll(std::string(id))};
}

int64_t ticks(Clock::time_point t) {
  return t.time_since_epoch().count();
}

}  // namespace

TmdbConfig readConfig(std::string_view json) {
  const sdk::ConfigReader r(json);
  TmdbConfig c;
  auto secret = [&](const std::string& key) -> std::string {
    auto inline_ = r.string(key);
    auto file = r.string(key + "_file");
    if (inline_ && file)
      throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                       key + "_file: both " + key + " and " + key + "_file are set; use one");
    if (file)
      return readSecretFile(key + "_file", *file);
    return inline_.value_or("");
  };
  c.apiKey = secret("api_key");
  c.bearerToken = secret("bearer_token");
  if (c.apiKey.empty() == c.bearerToken.empty()) {
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "api_key, bearer_token: give exactly one of api_key (or api_key_file) and "
                     "bearer_token (or bearer_token_file)");
  }
  if (auto v = r.string("base_url"))
    c.baseUrl = *v;
  while (!c.baseUrl.empty() && c.baseUrl.back() == '/')
    c.baseUrl.pop_back();
  if (c.baseUrl.rfind("https://", 0) != 0 && c.baseUrl.rfind("http://", 0) != 0)
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "base_url: expected an http:// or https:// URL, got '" + c.baseUrl + "'");
  c.language = r.string("language").value_or("");
  c.includeAdult = r.scalar("include_adult").value_or("false") == "true";
  c.posterSize = r.string("poster_size").value_or(c.posterSize);
  c.backdropSize = r.string("backdrop_size").value_or(c.backdropSize);
  c.stillSize = r.string("still_size").value_or(c.stillSize);
  auto integer = [&](const char* key, long long fallback) {
    auto v = r.scalar(key);
    return v ? std::stoll(*v) : fallback;
  };
  c.searchTtl = std::chrono::seconds(integer("search_ttl_s", 3600));
  c.detailsTtl = std::chrono::seconds(integer("details_ttl_s", 86400));
  c.configTtl = std::chrono::seconds(integer("config_ttl_s", 259200));
  if (auto v = r.scalar("rate_per_s"))
    c.ratePerSecond = std::stod(*v);
  if (c.ratePerSecond <= 0)
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "rate_per_s: must be positive");
  c.burst = static_cast<double>(integer("burst", 20));
  c.rateWait = milliseconds(integer("rate_wait_ms", 1000));
  c.timeoutMs = static_cast<uint32_t>(integer("timeout_ms", 5000));
  c.maxRetries = static_cast<uint32_t>(integer("max_retries", 1));
  c.maxBackoff = milliseconds(integer("max_backoff_ms", 5000));
  return c;
}

TmdbCatalog::TmdbCatalog(sdk::Host host)
    : host_(host),
      config_(readConfig(host_.configJson())),
      bucket_(config_.ratePerSecond, config_.burst, Clock::now()) {
  host_.info("TMDB catalog at " + config_.baseUrl + " (" +
             (config_.apiKey.empty() ? "bearer token" : "api key") + ")");
}

std::string TmdbCatalog::scrub(std::string text) const {
  // Host errors may quote the URL, which carries api_key: never let it reach a log or client.
  for (const std::string& secret : {config_.apiKey, config_.bearerToken}) {
    if (secret.empty())
      continue;
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

void TmdbCatalog::takeToken() {
  std::optional<std::chrono::nanoseconds> wait;
  {
    std::lock_guard lock(bucketMutex_);
    wait = bucket_.acquire(Clock::now(), config_.rateWait);
  }
  if (!wait) {
    host_.count("rate_limited");
    throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE, "rate limited: outbound TMDB budget (" +
                                                      std::to_string(config_.ratePerSecond) +
                                                      " req/s) exhausted; try again shortly");
  }
  if (wait->count() > 0)
    std::this_thread::sleep_for(*wait);
}

void TmdbCatalog::waitCooldown(const std::string& what) {
  const auto now = Clock::now();
  const Clock::time_point until{Clock::duration(cooldownUntil_.load())};
  if (until <= now)
    return;
  if (until - now > config_.maxBackoff) {
    throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE, "TMDB rate limited (HTTP 429) while asking for " +
                                                      what + ": backing off, try again later");
  }
  std::this_thread::sleep_for(until - now);
}

std::string TmdbCatalog::upstream(const std::string& url, const std::string& what) {
  sdk::HttpRequest req;
  req.url = url;
  req.timeout_ms = config_.timeoutMs;
  req.headers.emplace_back("Accept", "application/json");
  if (!config_.bearerToken.empty())
    req.headers.emplace_back("Authorization", "Bearer " + config_.bearerToken);

  for (uint32_t attempt = 0;; ++attempt) {
    waitCooldown(what);
    takeToken();
    sdk::HttpResponse res;
    try {
      host_.count("upstream_requests");
      res = host_.http(req);
    } catch (const sdk::Error& e) {
      throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE,
                       "TMDB unreachable while asking for " + what + ": " + scrub(e.what()));
    }
    if (res.status == 200)
      return std::move(res.body);
    const std::string message = scrub(errorMessage(res.body));
    const std::string detail = message.empty() ? "" : ": " + message;
    if (res.status == 429) {
      host_.count("upstream_429");
      std::optional<milliseconds> delay;
      for (const auto& [name, value] : res.headers) {
        if (name.size() == 11 && strncasecmp(name.c_str(), "Retry-After", 11) == 0)
          delay = parseRetryAfter(value, std::chrono::system_clock::now());
      }
      const milliseconds backoff = delay.value_or(kDefaultRetryAfter);
      cooldownUntil_.store(ticks(Clock::now() + backoff));
      if (attempt >= config_.maxRetries) {
        throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE, "TMDB rate limited (HTTP 429) for " + what +
                                                          " after " + std::to_string(attempt + 1) +
                                                          " attempt(s)" + detail);
      }
      if (backoff > config_.maxBackoff) {
        throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE,
                         "TMDB rate limited (HTTP 429) for " + what + ": Retry-After " +
                             std::to_string(backoff.count()) + " ms exceeds max_backoff_ms " +
                             std::to_string(config_.maxBackoff.count()));
      }
      continue;  // waitCooldown() sleeps out the Retry-After
    }
    if (res.status == 401) {
      throw sdk::Error(STREAMIT_STATUS_DENIED, "TMDB rejected the credentials (HTTP 401)" + detail +
                                                   "; check api_key / bearer_token");
    }
    if (res.status == 404)
      throw sdk::Error(STREAMIT_STATUS_NOT_FOUND, "TMDB has no " + what + " (HTTP 404)");
    if (res.status >= 500) {
      throw sdk::Error(
          STREAMIT_STATUS_UNAVAILABLE,
          "TMDB answered HTTP " + std::to_string(res.status) + " for " + what + detail);
    }
    throw sdk::Error(STREAMIT_STATUS_ERROR,
                     "TMDB answered HTTP " + std::to_string(res.status) + " for " + what + detail);
  }
}

std::string TmdbCatalog::fetch(const std::string& path, Params params, std::chrono::seconds ttl,
                               const std::string& cacheKind, const std::string& what) {
  if (!config_.language.empty())
    params.emplace_back("language", config_.language);
  std::string query;
  for (const auto& [name, value] : params)
    query += (query.empty() ? "" : "&") + name + "=" + percentEncode(value);
  // Keyed on the request without credentials: a new key still reads what the old one cached.
  const std::string cacheKey = cacheKind + ":" + sha256Hex(path + "?" + query);
  if (ttl.count() > 0) {
    try {
      if (auto hit = host_.cacheGet(cacheKey)) {
        host_.count("cache_hits");
        return std::move(*hit);
      }
    } catch (const sdk::Error&) {
      // store down: the cache is an optimisation, go upstream
    }
  }
  std::string url = config_.baseUrl + path + "?" + query;
  if (!config_.apiKey.empty())
    url += (query.empty() ? "" : "&") + std::string("api_key=") + percentEncode(config_.apiKey);
  std::string body = upstream(url, what);
  if (ttl.count() > 0) {
    try {
      host_.cacheSet(cacheKey, body, ttl);
    } catch (const sdk::Error&) {
      // store down: answer anyway
    }
  }
  return body;
}

ImageConfig TmdbCatalog::images() {
  try {
    return parseImageConfig(
        fetch("/configuration", {}, config_.configTtl, "config", "configuration"),
        config_.posterSize, config_.backdropSize, config_.stillSize);
  } catch (const sdk::Error& e) {
    // Items without pictures beat no items: the next call tries again (failures are not cached).
    host_.warn(std::string("no TMDB image configuration, items go without images: ") + e.what());
    return ImageConfig{};
  }
}

GenreMap TmdbCatalog::genres(const std::string& type) {
  try {
    return parseGenres(
        fetch("/genre/" + type + "/list", {}, config_.configTtl, "genres", type + " genre list"));
  } catch (const sdk::Error& e) {
    host_.warn(std::string("no TMDB ") + type +
               " genre list, items go without genres: " + e.what());
    return GenreMap{};
  }
}

sdk::CatalogPage TmdbCatalog::searchItems(const sdk::CatalogQuery& query) {
  std::string type = query.type == "all" ? "" : query.type;
  if (!type.empty() && type != "movie" && type != "tv")
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "type must be movie, tv or all, got '" + query.type + "'");
  if (query.text.empty())
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "TMDB search needs a query text");
  if (query.text.size() > kMaxQueryBytes)
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "query text is longer than 500 bytes");
  // TMDB pages are 20 results and stop at page 500; page_size cannot be honoured upstream.
  const uint32_t page = std::clamp(query.page, 1u, 500u);
  Params params{{"query", query.text},
                {"page", std::to_string(page)},
                {"include_adult", config_.includeAdult ? "true" : "false"}};
  if (query.year != 0 && type == "movie")
    params.emplace_back("year", std::to_string(query.year));
  if (query.year != 0 && type == "tv")
    params.emplace_back("first_air_date_year", std::to_string(query.year));
  const std::string path = "/search/" + (type.empty() ? std::string("multi") : type);
  const std::string body = fetch(path, params, config_.searchTtl, "search", "search results");
  const ImageConfig imgs = images();
  const GenreMap movieGenres = type != "tv" ? genres("movie") : GenreMap{};
  const GenreMap tvGenres = type != "movie" ? genres("tv") : GenreMap{};
  return normalizeSearch(body, type, query.year, imgs, movieGenres, tvGenres);
}

sdk::CatalogItem TmdbCatalog::itemDetails(std::string_view id) {
  const auto [type, number] = parseId(id);
  const std::string n = std::to_string(number);
  const std::string body =
      fetch("/" + type + "/" + n, {}, config_.detailsTtl, "details", type + " " + n);
  return normalizeDetails(body, type, images());
}

std::vector<sdk::CatalogItem> TmdbCatalog::listEpisodes(std::string_view id, uint32_t season) {
  const auto [type, number] = parseId(id);
  if (type != "tv")
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "'" + std::string(id) + "' is a movie: it has no seasons");
  const std::string n = std::to_string(number);
  if (season == 0) {
    // Same request (and cache entry) as details: listing seasons after details costs nothing.
    const std::string body = fetch("/tv/" + n, {}, config_.detailsTtl, "details", "tv " + n);
    return normalizeSeasons(body, images());
  }
  const std::string s = std::to_string(season);
  const std::string body = fetch("/tv/" + n + "/season/" + s, {}, config_.detailsTtl, "season",
                                 "tv " + n + " season " + s);
  return normalizeEpisodes(body, number, images());
}

}  // namespace streamit::catalog_tmdb
