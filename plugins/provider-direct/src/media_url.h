// URL rules of provider.direct: what a media reference may look like, and how playlist entries
// resolve against their playlist. Pure.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace streamit::direct {

// The reference is not an acceptable URL; what() says why.
class UrlError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct MediaUrl {
  std::string scheme;  // "http" | "https" (lower-cased)
  std::string host;    // lower-cased; IPv6 without brackets
  uint16_t port = 0;   // explicit or the scheme's default
  std::string path;    // starts with '/'; percent-encoding kept as given
  std::string query;   // without '?'; empty when none
  bool ipv6Literal = false;

  // scheme://host[:port]/path[?query], the fragment dropped (never sent to a server).
  std::string toString() const;
  // Lower-cased extension of the last path segment ("m3u8"), empty when none.
  std::string extension() const;
};

// Accepts absolute http(s) URLs with a host; refuses other schemes, user info, bad ports,
// whitespace/control characters and URLs longer than 4096 bytes.
MediaUrl parseMediaUrl(std::string_view text);

// RFC 3986 reference resolution (absolute, scheme-relative, absolute-path, query-only and
// relative references; dot segments removed). `base` must be an absolute URL.
std::string resolveUrl(std::string_view base, std::string_view reference);

}  // namespace streamit::direct

namespace streamit::direct {

enum class MediaKind { kUnknown, kMp4, kHls };

// Kind from the response's Content-Type (lower-cased, parameters removed) when it names one,
// else from the URL extension when the type is generic (empty, octet-stream, text/plain).
// text/html and other specific types → kUnknown: an error page is not a video.
MediaKind detectMediaKind(std::string_view extension, std::string_view contentType);

}  // namespace streamit::direct
