#include "media/media_routes.h"

#include <Poco/JSON/Array.h>

#include <cmath>
#include <future>

#include "http/api_error.h"
#include "http/request_input.h"
#include "media/media_json.h"
#include "media/provider_failure.h"
#include "plugins/plugin_clients.h"

namespace streamit::media {
namespace {

constexpr std::size_t kMaxReferenceBytes = 2048;
constexpr std::size_t kMaxQueryBytes = 200;
constexpr std::int64_t kMaxPage = 500;  // TMDB's own ceiling; deeper pages are never useful

// "catalog.tmdb" → "tmdb": the name clients use in paths and see in items.
std::string catalogName(const std::string& pluginId) {
  const auto dot = pluginId.find('.');
  return dot == std::string::npos ? pluginId : pluginId.substr(dot + 1);
}

void enforce(ratelimit::RateLimiter& limiter, const std::string& scope,
             const http::Request& request, const ratelimit::Limit& limit) {
  const auto verdict = limiter.check(scope, request.remoteAddress, limit);
  if (!verdict.allowed) {
    throw http::ApiError(http::errors::kRateLimited, "too many " + scope + " requests; retry later",
                         {{"retry_after_ms", std::to_string(verdict.retryAfterMs)}});
  }
}

[[noreturn]] void catalogFailure(StreamItStatus status, const std::string& catalog,
                                 const std::string& message) {
  switch (status) {
    case STREAMIT_STATUS_NOT_FOUND:
      throw http::ApiError(http::errors::kItemNotFound, message, {{"catalog", catalog}});
    case STREAMIT_STATUS_INVALID_ARGUMENT:
      throw http::ApiError(http::errors::kValidationFailed, message, {{"catalog", catalog}});
    default:
      throw http::ApiError(http::errors::kCatalogUnavailable,
                           catalog + " cannot answer: " + message, {{"catalog", catalog}});
  }
}

http::Response listProviders(plugins::PluginManager& plugins) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& status : plugins.statuses()) {
    if (status.kind != "provider" || status.state != plugins::LoadState::kLoaded)
      continue;
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("id", status.id);
    entry->set("version", status.version);
    items->add(entry);
  }
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("items", items);
  return http::Response::json(200, toJsonText(body));
}

http::Response resolve(plugins::PluginManager& plugins, const http::Request& request) {
  const std::string& id = request.pathParams.at("id");
  auto provider = plugins.provider(id);
  if (!provider) {
    throw http::ApiError(http::errors::kProviderNotFound, "no provider " + id + " is loaded",
                         {{"provider", id}});
  }
  const auto body = http::jsonObjectBody(request);
  const std::string ref = http::requireString(*body, "ref", kMaxReferenceBytes);
  const plugins::ProviderClient client(provider);
  auto resolved = client.resolve(ref);
  if (!resolved.ok())
    throwProviderFailure(resolved.status, id, resolved.error);
  // A source is only handed out once the upstream says it can be played right now.
  const auto available = client.checkAvailability(ref);
  if (!available.ok())
    throwProviderFailure(available.status, id, available.error);
  return http::Response::json(200, toJsonText(sourceToJson(resolved.value)));
}

sdk::CatalogQuery searchQuery(const http::Request& request, const MediaConfig& config) {
  sdk::CatalogQuery query;
  const auto q = request.query.find("q");
  if (q == request.query.end() || q->second.empty()) {
    throw http::ApiError(http::errors::kValidationFailed, "q: is required", {{"field", "q"}});
  }
  if (q->second.size() > kMaxQueryBytes) {
    throw http::ApiError(http::errors::kValidationFailed,
                         "q: must be at most " + std::to_string(kMaxQueryBytes) + " bytes",
                         {{"field", "q"}});
  }
  query.text = q->second;
  const auto type = request.query.find("type");
  query.type = type == request.query.end() || type->second == "all" ? "" : type->second;
  if (!query.type.empty() && query.type != "movie" && query.type != "tv") {
    throw http::ApiError(http::errors::kValidationFailed, "type: must be movie, tv or all",
                         {{"field", "type"}});
  }
  // Absent means any year (0); present it must be a plausible release year.
  query.year = static_cast<std::uint32_t>(http::queryInt(request, "year", 0, 1870, 2100));
  query.page = static_cast<std::uint32_t>(http::queryInt(request, "page", 1, 1, kMaxPage));
  query.page_size = static_cast<std::uint32_t>(config.catalog_page_size);
  return query;
}

// Every enabled catalog is asked for the same page in parallel; results are concatenated in
// the order the catalogs are configured. A failing catalog does not fail the search: its
// error is reported in `catalogs`. Only when every catalog fails is the answer an error.
http::Response search(plugins::PluginManager& plugins, const http::Request& request,
                      const MediaConfig& config) {
  const auto query = searchQuery(request, config);
  const auto catalogIds = [&] {
    std::vector<std::string> ids;
    for (const auto& status : plugins.statuses()) {
      if (status.kind == "catalog" && status.state == plugins::LoadState::kLoaded) {
        ids.push_back(status.id);
      }
    }
    return ids;
  }();
  if (catalogIds.empty()) {
    throw http::ApiError(http::errors::kCatalogUnavailable, "no catalog is configured");
  }
  std::vector<std::future<plugins::CallResult<sdk::CatalogPage>>> pending;
  pending.reserve(catalogIds.size());
  for (const auto& id : catalogIds) {
    pending.push_back(
        std::async(std::launch::async, [client = plugins::CatalogClient(plugins.catalog(id)),
                                        query] { return client.search(query); }));
  }
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  Poco::JSON::Array::Ptr reports = new Poco::JSON::Array;
  std::uint32_t totalPages = 0;
  std::uint64_t totalResults = 0;
  std::size_t failures = 0;
  std::string lastError;
  for (std::size_t i = 0; i < catalogIds.size(); ++i) {
    const auto result = pending[i].get();
    const std::string name = catalogName(catalogIds[i]);
    Poco::JSON::Object::Ptr report = new Poco::JSON::Object;
    report->set("catalog", name);
    report->set("ok", result.ok());
    if (result.ok()) {
      for (const auto& item : result.value.items)
        items->add(itemToJson(name, item));
      totalPages = std::max(totalPages, result.value.total_pages);
      totalResults += result.value.total_results;
    } else {
      ++failures;
      lastError = name + ": " + result.error;
      report->set("error", result.error);
    }
    reports->add(report);
  }
  if (failures == catalogIds.size()) {
    throw http::ApiError(http::errors::kCatalogUnavailable,
                         "no catalog could answer: " + lastError);
  }
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("items", items);
  body->set("page", query.page);
  body->set("total_pages", totalPages);
  body->set("total_results", totalResults);
  body->set("catalogs", reports);
  return http::Response::json(200, toJsonText(body));
}

std::shared_ptr<sdk::CatalogV1> findCatalog(plugins::PluginManager& plugins,
                                            const std::string& name) {
  auto catalog = plugins.catalog("catalog." + name);
  if (!catalog) {
    throw http::ApiError(http::errors::kCatalogNotFound, "no catalog named " + name,
                         {{"catalog", name}});
  }
  return catalog;
}

const std::string& requireType(const http::Request& request) {
  const std::string& type = request.pathParams.at("type");
  if (type != "movie" && type != "tv") {
    throw http::ApiError(http::errors::kValidationFailed, "type: must be movie or tv",
                         {{"field", "type"}});
  }
  return type;
}

http::Response details(plugins::PluginManager& plugins, const http::Request& request) {
  const std::string& name = request.pathParams.at("catalog");
  const std::string& type = requireType(request);
  const std::string& id = request.pathParams.at("id");
  const plugins::CatalogClient client(findCatalog(plugins, name));
  const auto result = client.details(id);
  if (!result.ok())
    catalogFailure(result.status, name, result.error);
  if (result.value.type != type) {
    throw http::ApiError(http::errors::kItemNotFound,
                         "no " + type + " with id " + id + " in " + name, {{"catalog", name}});
  }
  return http::Response::json(200, toJsonText(itemToJson(name, result.value)));
}

http::Response episodes(plugins::PluginManager& plugins, const http::Request& request) {
  const std::string& name = request.pathParams.at("catalog");
  const std::string& id = request.pathParams.at("id");
  const auto season = static_cast<std::uint32_t>(http::pathInt(request, "season", 0, 1000));
  const plugins::CatalogClient client(findCatalog(plugins, name));
  const auto result = client.episodes(id, season);
  if (!result.ok())
    catalogFailure(result.status, name, result.error);
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& item : result.value)
    items->add(itemToJson(name, item));
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("items", items);
  return http::Response::json(200, toJsonText(body));
}

}  // namespace

void addMediaRoutes(http::Router& router, plugins::PluginManager& plugins,
                    ratelimit::RateLimiter& limiter, const MediaConfig& config) {
  const ratelimit::Limit searchLimit{config.search_rate_per_s, config.search_burst};
  const ratelimit::Limit resolveLimit{config.resolve_rate_per_s, config.resolve_burst};

  router.add("GET", "/api/v1/providers",
             [&plugins](const http::Request&) { return listProviders(plugins); });
  router.add("POST", "/api/v1/providers/{id}/resolve",
             [&plugins, &limiter, resolveLimit](const http::Request& request) {
               enforce(limiter, "resolve", request, resolveLimit);
               return resolve(plugins, request);
             });
  router.add("GET", "/api/v1/catalog/search",
             [&plugins, &limiter, searchLimit, config](const http::Request& request) {
               enforce(limiter, "catalog", request, searchLimit);
               return search(plugins, request, config);
             });
  router.add("GET", "/api/v1/catalog/{catalog}/{type}/{id}",
             [&plugins, &limiter, searchLimit](const http::Request& request) {
               enforce(limiter, "catalog", request, searchLimit);
               return details(plugins, request);
             });
  router.add("GET", "/api/v1/catalog/{catalog}/tv/{id}/season/{season}",
             [&plugins, &limiter, searchLimit](const http::Request& request) {
               enforce(limiter, "catalog", request, searchLimit);
               return episodes(plugins, request);
             });
}

}  // namespace streamit::media
