#include "rooms/room_routes.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "auth/authorizer.h"
#include "http/api_error.h"
#include "http/request_input.h"
#include "rooms/room_code.h"
#include "rooms/room_json.h"

namespace streamit::rooms {
namespace {

constexpr std::size_t kMaxTitleCodePoints = 120;
// The byte bound before trimming: 120 code points of 4 bytes plus generous white space.
constexpr std::size_t kMaxTitleBytes = 1024;
constexpr std::size_t kMaxProviderBytes = 64;
constexpr std::size_t kMaxSourceRefBytes = 2048;
constexpr std::size_t kMaxQueryBytes = 200;
constexpr std::int64_t kMaxPage = 10000;
constexpr std::int64_t kMaxPageSize = 100;
// Creating rooms writes to the database: 10 per minute per client address sustained, bursts
// of 10. Listing is served from memory but still bounded against scrapers.
const ratelimit::Limit kCreateLimit{10.0 / 60.0, 10};
const ratelimit::Limit kListLimit{20, 100};

std::string toJsonText(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

void enforce(ratelimit::RateLimiter& limiter, const std::string& scope,
             const http::Request& request, const ratelimit::Limit& limit) {
  const auto verdict = limiter.check(scope, request.remoteAddress, limit);
  if (!verdict.allowed) {
    throw http::ApiError(http::errors::kRateLimited, "too many requests; retry later",
                         {{"retry_after_ms", std::to_string(verdict.retryAfterMs)}});
  }
}

bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::optional<std::string> sourceFrom(const Poco::JSON::Object& body) {
  if (!body.has("source") || body.isNull("source"))
    return std::nullopt;
  const auto source = body.getObject("source");
  if (!source) {
    throw http::ApiError(http::errors::kValidationFailed, "source: must be an object",
                         {{"field", "source"}});
  }
  Poco::JSON::Object::Ptr kept = new Poco::JSON::Object;
  kept->set("provider", http::requireString(*source, "provider", kMaxProviderBytes));
  kept->set("ref", http::requireString(*source, "ref", kMaxSourceRefBytes));
  return toJsonText(kept);
}

// Codes are case-insensitive on input; a string that cannot be a code is simply not found.
std::string pathCode(const http::Request& request) {
  const auto it = request.pathParams.find("code");
  const auto code = it == request.pathParams.end() ? std::nullopt : normalizeRoomCode(it->second);
  if (!code || !isValidRoomCode(*code))
    throw http::ApiError(http::errors::kRoomNotFound, "no such room");
  return *code;
}

http::Response listPublic(RoomService& service, const http::Request& request) {
  const auto page = http::queryInt(request, "page", 1, 1, kMaxPage);
  const auto pageSize = http::queryInt(request, "page_size", 20, 1, kMaxPageSize);
  const auto sortIt = request.query.find("sort");
  const auto sort =
      sortIt == request.query.end() ? PublicSort::kViewers : parsePublicSort(sortIt->second);
  if (!sort) {
    throw http::ApiError(http::errors::kValidationFailed,
                         "sort: must be one of viewers, newest, title", {{"field", "sort"}});
  }
  const auto qIt = request.query.find("q");
  const std::string query = qIt == request.query.end() ? std::string() : qIt->second;
  if (query.size() > kMaxQueryBytes) {
    throw http::ApiError(http::errors::kValidationFailed, "q: too long", {{"field", "q"}});
  }
  const PublicPage result =
      service.publicRooms(static_cast<int>(page), static_cast<int>(pageSize), *sort, query);
  Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& room : result.items)
    items->add(roomJson(room));
  reply->set("items", items);
  reply->set("page", result.page);
  reply->set("page_size", result.page_size);
  reply->set("total", static_cast<Poco::Int64>(result.total));
  return http::Response::json(200, toJsonText(reply));
}

}  // namespace

std::string validatedTitle(const std::string& raw) {
  std::size_t begin = 0, end = raw.size();
  while (begin < end && isAsciiSpace(raw[begin]))
    ++begin;
  while (end > begin && isAsciiSpace(raw[end - 1]))
    --end;
  std::string title = raw.substr(begin, end - begin);
  std::size_t codePoints = 0;
  for (const char c : title) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++codePoints;
  }
  if (codePoints == 0 || codePoints > kMaxTitleCodePoints) {
    throw http::ApiError(http::errors::kValidationFailed,
                         "title: must be 1 to 120 characters after trimming", {{"field", "title"}});
  }
  return title;
}

void addRoomRoutes(http::Router& router, RoomService& service, const auth::TokenService& tokens,
                   ratelimit::RateLimiter& limiter) {
  addRoomRoutes(
      router, [&service]() -> RoomService& { return service; }, tokens, limiter);
}

void addRoomRoutes(http::Router& router, RoomServiceAccess service,
                   const auth::TokenService& tokens, ratelimit::RateLimiter& limiter) {
  addRoomRoutes(router, std::move(service), auth::Authorizer(tokens, &auth::systemNowS), limiter);
}

void addRoomRoutes(http::Router& router, RoomServiceAccess service,
                   const auth::Authorizer& authorizer, ratelimit::RateLimiter& limiter) {
  router.add("POST", "/api/v1/rooms",
             [service, &limiter, authorizer](const http::Request& request) {
               const auto principal = authorizer.require(request, auth::kScopeRoomCreate);
               enforce(limiter, "room_create", request, kCreateLimit);
               const auto body = http::jsonObjectBody(request);
               const std::string title =
                   validatedTitle(http::requireString(*body, "title", kMaxTitleBytes));
               const bool isPublic = http::optionalBool(*body, "is_public", false);
               const auto source = sourceFrom(*body);
               const RoomView room = service().create(principal, title, isPublic, source);
               return http::Response::json(201, toJsonText(roomJson(room)));
             });
  // A literal segment wins over {code} in the router, so "public" is never read as a code.
  router.add("GET", "/api/v1/rooms/public", [service, &limiter](const http::Request& request) {
    enforce(limiter, "room_list", request, kListLimit);
    return listPublic(service(), request);
  });
  router.add("GET", "/api/v1/rooms/{code}", [service, authorizer](const http::Request& request) {
    authorizer.authenticate(request);
    const auto room = service().find(pathCode(request));
    if (!room)
      throw http::ApiError(http::errors::kRoomNotFound, "no such room");
    return http::Response::json(200, toJsonText(roomJson(*room)));
  });
  router.add("DELETE", "/api/v1/rooms/{code}", [service, authorizer](const http::Request& request) {
    const auto principal = authorizer.authenticate(request);
    service().remove(pathCode(request), principal);
    return http::Response::json(204, "");
  });
}

}  // namespace streamit::rooms
