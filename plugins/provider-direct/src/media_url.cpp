#include "media_url.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace streamit::direct {

namespace {

constexpr std::size_t kMaxUrlBytes = 4096;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string shown(std::string_view s) {
  constexpr std::size_t kMax = 80;
  return "'" + std::string(s.substr(0, kMax)) + (s.size() > kMax ? "...'" : "'");
}

// Length of "scheme:" at the start of `s`, or 0 when there is none.
std::size_t schemeLength(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0])))
    return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ':')
      return i + 1;
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.')
      return 0;
  }
  return 0;
}

std::string removeDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  bool trailingSlash = false;
  while (i <= path.size()) {
    std::size_t next = path.find('/', i);
    std::string_view seg = path.substr(i, next == std::string_view::npos ? path.npos : next - i);
    bool last = next == std::string_view::npos;
    if (seg == "..") {
      if (!out.empty())
        out.pop_back();
      trailingSlash = last;
    } else if (seg == ".") {
      trailingSlash = last;
    } else if (!(seg.empty() && i == 0)) {
      out.push_back(seg);
      trailingSlash = false;
    }
    if (last)
      break;
    i = next + 1;
  }
  std::string result;
  for (std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  if (trailingSlash || result.empty())
    result += '/';
  return result;
}

}  // namespace

std::string MediaUrl::toString() const {
  std::string out = scheme + "://" + (ipv6Literal ? "[" + host + "]" : host);
  bool defaultPort = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  if (!defaultPort)
    out += ":" + std::to_string(port);
  out += path;
  if (!query.empty())
    out += "?" + query;
  return out;
}

std::string MediaUrl::extension() const {
  std::size_t slash = path.rfind('/');
  std::string_view last = std::string_view(path).substr(slash == std::string::npos ? 0 : slash + 1);
  std::size_t dot = last.rfind('.');
  if (dot == std::string_view::npos)
    return {};
  return lower(last.substr(dot + 1));
}

MediaUrl parseMediaUrl(std::string_view text) {
  if (text.empty())
    throw UrlError("empty reference (expected an http:// or https:// media URL)");
  if (text.size() > kMaxUrlBytes)
    throw UrlError("URL longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  if (std::any_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) == 0x7f;
      }))
    throw UrlError("URL must not contain spaces or control characters");
  MediaUrl url;
  std::size_t schemeLen = schemeLength(text);
  if (schemeLen == 0)
    throw UrlError("not an absolute URL: " + shown(text));
  url.scheme = lower(text.substr(0, schemeLen - 1));
  if (url.scheme != "http" && url.scheme != "https")
    throw UrlError("scheme '" + url.scheme + "' is not allowed (only http and https)");
  std::string_view rest = text.substr(schemeLen);
  if (rest.substr(0, 2) != "//")
    throw UrlError("URL has no host: " + shown(text));
  rest.remove_prefix(2);
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos)
    rest = rest.substr(0, hash);
  std::size_t authorityEnd = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authorityEnd);
  std::string_view tail =
      authorityEnd == std::string_view::npos ? std::string_view{} : rest.substr(authorityEnd);
  if (authority.find('@') != std::string_view::npos)
    throw UrlError("URL must not contain user info (credentials)");  // not echoed: secrets
  std::string_view hostPart = authority;
  std::string_view portPart;
  if (!authority.empty() && authority[0] == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos)
      throw UrlError("unterminated IPv6 literal in " + shown(text));
    hostPart = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':')
        throw UrlError("unexpected characters after the IPv6 literal in " + shown(text));
      portPart = after.substr(1);
      if (portPart.empty())
        throw UrlError("empty port in " + shown(text));
    }
    url.ipv6Literal = true;
    if (hostPart.empty() ||
        hostPart.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos)
      throw UrlError("invalid IPv6 literal in " + shown(text));
  } else if (std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    hostPart = authority.substr(0, colon);
    portPart = authority.substr(colon + 1);
    if (portPart.empty())
      throw UrlError("empty port in " + shown(text));
  }
  if (hostPart.empty())
    throw UrlError("URL has no host: " + shown(text));
  if (!url.ipv6Literal && !std::all_of(hostPart.begin(), hostPart.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
      }))
    throw UrlError("invalid host name " + shown(hostPart));
  url.host = lower(hostPart);
  if (!portPart.empty()) {
    if (portPart.size() > 5 ||
        !std::all_of(portPart.begin(), portPart.end(), [](char c) { return c >= '0' && c <= '9'; }))
      throw UrlError("invalid port " + shown(portPart));
    unsigned long port = std::stoul(std::string(portPart));
    if (port == 0 || port > 65535)
      throw UrlError("port " + std::string(portPart) + " is out of range 1..65535");
    url.port = static_cast<uint16_t>(port);
  } else {
    url.port = url.scheme == "https" ? 443 : 80;
  }
  std::size_t q = tail.find('?');
  url.path = std::string(tail.substr(0, q));
  if (q != std::string_view::npos)
    url.query = std::string(tail.substr(q + 1));
  if (url.path.empty())
    url.path = "/";
  return url;
}

std::string resolveUrl(std::string_view base, std::string_view reference) {
  if (std::size_t hash = reference.find('#'); hash != std::string_view::npos)
    reference = reference.substr(0, hash);
  if (schemeLength(reference) != 0)
    return std::string(reference);
  std::size_t baseScheme = schemeLength(base);
  std::string_view scheme = base.substr(0, baseScheme);  // "http:"
  if (reference.substr(0, 2) == "//")
    return std::string(scheme) + std::string(reference);
  std::string_view afterScheme = base.substr(baseScheme);
  std::size_t pathStart = afterScheme.find_first_of("/?#", 2);
  std::string_view origin = base.substr(
      0, baseScheme + (pathStart == std::string_view::npos ? afterScheme.size() : pathStart));
  std::string_view basePathQuery = base.substr(origin.size());
  if (std::size_t hash = basePathQuery.find('#'); hash != std::string_view::npos)
    basePathQuery = basePathQuery.substr(0, hash);
  std::size_t q = basePathQuery.find('?');
  std::string basePath(basePathQuery.substr(0, q));
  if (basePath.empty())
    basePath = "/";
  if (reference.empty())
    return std::string(origin) + std::string(basePathQuery);
  if (reference[0] == '?')
    return std::string(origin) + basePath + std::string(reference);
  std::size_t refQ = reference.find('?');
  std::string_view refPath = reference.substr(0, refQ);
  std::string_view refQuery =
      refQ == std::string_view::npos ? std::string_view{} : reference.substr(refQ);
  std::string merged;
  if (!refPath.empty() && refPath[0] == '/') {
    merged = std::string(refPath);
  } else {
    merged = basePath.substr(0, basePath.rfind('/') + 1) + std::string(refPath);
  }
  return std::string(origin) + removeDotSegments(merged) + std::string(refQuery);
}

}  // namespace streamit::direct

namespace streamit::direct {

MediaKind detectMediaKind(std::string_view extension, std::string_view contentType) {
  if (contentType == "application/vnd.apple.mpegurl" || contentType == "application/x-mpegurl" ||
      contentType == "audio/mpegurl" || contentType == "audio/x-mpegurl")
    return MediaKind::kHls;
  // WebM plays in the same <video> element as MP4 and the ABI has no WebM kind: MP4 it is.
  if (contentType == "video/mp4" || contentType == "video/webm" ||
      contentType == "video/quicktime" || contentType == "video/x-m4v" ||
      contentType == "audio/mp4")
    return MediaKind::kMp4;
  bool generic = contentType.empty() || contentType == "application/octet-stream" ||
                 contentType == "binary/octet-stream" || contentType == "text/plain";
  if (!generic)
    return MediaKind::kUnknown;
  if (extension == "m3u8" || extension == "m3u")
    return MediaKind::kHls;
  if (extension == "mp4" || extension == "m4v" || extension == "mov" || extension == "webm")
    return MediaKind::kMp4;
  return MediaKind::kUnknown;
}

}  // namespace streamit::direct
