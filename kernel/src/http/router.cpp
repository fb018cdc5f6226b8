#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace streamit::http {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path.front() != '/')
    return parts;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  if (path.empty())
    return parts;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    parts.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos)
      break;
    start = slash + 1;
  }
  return parts;
}

std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
  const auto hexValue = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size())
        return std::nullopt;
      const int hi = hexValue(text[i + 1]);
      const int lo = hexValue(text[i + 2]);
      if (hi < 0 || lo < 0)
        return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plusIsSpace) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> parseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty())
      continue;
    const auto eq = pair.find('=');
    auto key = percentDecode(pair.substr(0, eq), true);
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : percentDecode(pair.substr(eq + 1), true);
    if (key && value && !key->empty())
      out[*key] = *value;
  }
  return out;
}

void Router::add(const std::string& method, const std::string& pattern, Handler handler) {
  Route route{method, pattern, {}, std::move(handler)};
  for (const auto part : splitPath(pattern)) {
    if (part.empty())
      throw std::invalid_argument("empty segment in route " + pattern);
    if (part.front() == '{') {
      if (part.size() < 3 || part.back() != '}') {
        throw std::invalid_argument("malformed parameter in route " + pattern);
      }
      route.segments.push_back({true, std::string(part.substr(1, part.size() - 2))});
    } else {
      route.segments.push_back({false, std::string(part)});
    }
  }
  for (const auto& existing : routes_) {
    if (existing.method == method && existing.pattern == pattern) {
      throw std::invalid_argument("duplicate route " + method + " " + pattern);
    }
  }
  routes_.push_back(std::move(route));
  // Most literal routes first, so "/rooms/public" is tried before "/rooms/{code}".
  std::stable_sort(routes_.begin(), routes_.end(), [](const Route& a, const Route& b) {
    for (std::size_t i = 0; i < std::min(a.segments.size(), b.segments.size()); ++i) {
      if (a.segments[i].isParam != b.segments[i].isParam)
        return !a.segments[i].isParam;
    }
    return false;
  });
}

void Router::addUpgrade(const std::string& pattern, UpgradeHandler handler) {
  if (!handler)
    throw std::invalid_argument("empty upgrade handler for route " + pattern);
  add("GET", pattern, [handler = std::move(handler)](const Request& request) -> Response {
    auto decision = handler(request);
    if (auto* refusal = std::get_if<Response>(&decision))
      return std::move(*refusal);
    detail::pendingUpgrade() = std::move(std::get<UpgradeAccept>(decision));
    Response accepted;
    accepted.status = kSwitchingProtocols;
    accepted.contentType.clear();
    return accepted;
  });
  for (auto& route : routes_) {
    if (route.method == "GET" && route.pattern == pattern)
      route.upgrade = true;
  }
}

namespace detail {
std::optional<UpgradeAccept>& pendingUpgrade() {
  thread_local std::optional<UpgradeAccept> slot;
  return slot;
}
}  // namespace detail

bool Router::matches(const Route& route, const std::vector<std::string_view>& parts,
                     std::map<std::string, std::string>* params) {
  if (route.segments.size() != parts.size())
    return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& segment = route.segments[i];
    if (!segment.isParam) {
      if (segment.text != parts[i])
        return false;
      continue;
    }
    auto decoded = percentDecode(parts[i], false);
    if (!decoded || decoded->empty())
      return false;
    found[segment.text] = std::move(*decoded);
  }
  if (params != nullptr)
    *params = std::move(found);
  return true;
}

Router::Result Router::route(const std::string& method, std::string_view path) const {
  const auto parts = splitPath(path);
  Result result;
  for (const auto& candidate : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(candidate, parts, &params))
      continue;
    if (candidate.method == method ||
        (method == "HEAD" && candidate.method == "GET" && !candidate.upgrade)) {
      result.match =
          Match{&candidate.handler, candidate.upgrade, candidate.pattern, std::move(params)};
      return result;
    }
    if (std::find(result.allowedMethods.begin(), result.allowedMethods.end(), candidate.method) ==
        result.allowedMethods.end()) {
      result.allowedMethods.push_back(candidate.method);
    }
  }
  result.miss = result.allowedMethods.empty() ? Miss::kNotFound : Miss::kMethodNotAllowed;
  return result;
}

}  // namespace streamit::http
