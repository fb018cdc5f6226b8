#include "web/static_policy.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

#include "http/router.h"

namespace streamit::web {
namespace {

std::string lowerExtension(std::string_view fileName) {
  const auto dot = fileName.rfind('.');
  if (dot == std::string_view::npos || fileName.find('/', dot) != std::string_view::npos)
    return {};
  std::string ext(fileName.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool parseNonNegative(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 18)
    return false;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out >= 0;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> safeRelativePath(std::string_view urlPath) {
  // A trailing slash names a directory, and directories are never listed.
  if (urlPath.empty() || urlPath.front() != '/' || urlPath.back() == '/')
    return std::nullopt;
  std::string relative;
  for (const auto segment : http::splitPath(urlPath)) {
    const auto decoded = http::percentDecode(segment, false);
    if (!decoded || decoded->empty() || decoded->front() == '.')
      return std::nullopt;
    for (const unsigned char c : *decoded) {
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
        return std::nullopt;
    }
    relative += (relative.empty() ? "" : "/") + *decoded;
  }
  if (relative.empty())
    return std::nullopt;
  return relative;
}

std::string contentTypeFor(std::string_view fileName) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kTypes = {{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"txt", "text/plain; charset=utf-8"},
      {"yaml", "application/yaml"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"webmanifest", "application/manifest+json"},
      {"webm", "video/webm"},
      {"mp4", "video/mp4"},
      {"m4v", "video/mp4"},
      {"m3u8", "application/vnd.apple.mpegurl"},
      {"ts", "video/mp2t"},
      {"m4s", "video/iso.segment"},
      {"vtt", "text/vtt; charset=utf-8"},
  }};
  const std::string ext = lowerExtension(fileName);
  for (const auto& [known, type] : kTypes) {
    if (ext == known)
      return std::string(type);
  }
  return "application/octet-stream";
}

CachePolicy cachePolicyFor(std::string_view relativePath, bool mediaMount) {
  if (mediaMount)
    return CachePolicy::kMedia;
  // Vite names every file under assets/ by its content hash, so a changed file is a new URL.
  if (relativePath.starts_with("assets/"))
    return CachePolicy::kImmutable;
  return CachePolicy::kRevalidate;
}

std::string cacheControlFor(CachePolicy policy) {
  switch (policy) {
    case CachePolicy::kImmutable:
      return "public, max-age=31536000, immutable";
    case CachePolicy::kMedia:
      return "public, max-age=3600";
    case CachePolicy::kRevalidate:
      break;
  }
  return "no-cache";
}

bool wantsAppShell(std::string_view urlPath) {
  if (urlPath.empty() || urlPath.front() != '/')
    return false;
  if (urlPath.starts_with("/api/") || urlPath == "/api" || urlPath.starts_with("/media/"))
    return false;
  const auto slash = urlPath.rfind('/');
  return urlPath.find('.', slash) == std::string_view::npos;
}

RangeDecision decideRange(std::string_view header, std::int64_t fileSize, std::int64_t maxBytes) {
  RangeDecision whole;
  whole.range = {0, fileSize - 1};
  constexpr std::string_view kUnit = "bytes=";
  header = trim(header);
  if (!header.starts_with(kUnit) || header.find(',') != std::string_view::npos)
    return whole;
  const std::string_view spec = trim(header.substr(kUnit.size()));
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos)
    return whole;
  const std::string_view firstText = spec.substr(0, dash);
  const std::string_view lastText = spec.substr(dash + 1);
  RangeDecision decision;
  decision.kind = RangeDecision::kPartial;
  std::int64_t first = 0;
  std::int64_t last = 0;
  if (firstText.empty()) {
    // Suffix range: the final `n` bytes.
    if (!parseNonNegative(lastText, last) || last == 0)
      return fileSize == 0 ? RangeDecision{RangeDecision::kUnsatisfiable, {}} : whole;
    if (fileSize == 0)
      return {RangeDecision::kUnsatisfiable, {}};
    decision.range = {std::max<std::int64_t>(0, fileSize - last), fileSize - 1};
  } else {
    if (!parseNonNegative(firstText, first))
      return whole;
    if (!lastText.empty() && (!parseNonNegative(lastText, last) || last < first))
      return whole;
    if (first >= fileSize)
      return {RangeDecision::kUnsatisfiable, {}};
    decision.range = {first, lastText.empty() ? fileSize - 1 : std::min(last, fileSize - 1)};
  }
  if (decision.range.length() > maxBytes)
    decision.range.last = decision.range.first + maxBytes - 1;
  return decision;
}

std::string contentSecurityPolicy(const std::vector<std::string>& embedOrigins) {
  std::string frames = "'self'";
  for (const auto& origin : embedOrigins)
    frames += " " + origin;
  return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
         "img-src 'self' data: https:; media-src 'self' blob: http: https:; "
         "connect-src 'self' ws: wss: http: https:; worker-src 'self' blob:; "
         "frame-src " +
         frames +
         "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}

std::string referencePagePolicy() {
  return "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
         "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
         "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

std::string entityTag(std::int64_t size, std::int64_t mtimeNs) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "W/\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtimeNs));
  return buffer;
}

bool etagMatches(std::string_view ifNoneMatch, std::string_view etag) {
  ifNoneMatch = trim(ifNoneMatch);
  if (ifNoneMatch == "*")
    return true;
  while (!ifNoneMatch.empty()) {
    const auto comma = ifNoneMatch.find(',');
    const auto candidate = trim(ifNoneMatch.substr(0, comma));
    // Weak comparison (RFC 9110 §13.1.2): W/ prefixes do not matter.
    const auto strip = [](std::string_view tag) {
      return tag.starts_with("W/") ? tag.substr(2) : tag;
    };
    if (!candidate.empty() && strip(candidate) == strip(etag))
      return true;
    if (comma == std::string_view::npos)
      break;
    ifNoneMatch.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace streamit::web
