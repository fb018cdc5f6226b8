#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamit::web {

// Pure decisions behind the static file server: which file a URL path may name, its type, how
// long it may be cached and which byte range a Range header asks for. No I/O, so every rule
// has a socket-free unit test.

// Maps a URL path below a mount ("/assets/app.js" under "/") to a relative file path, or
// nullopt when the path could escape the root or name something never served: `..`, `.`
// segments, hidden files (a leading dot), empty segments, backslashes, NUL and control
// bytes, or a percent escape that decodes to any of those. The path is percent-decoded.
std::optional<std::string> safeRelativePath(std::string_view urlPath);

// Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string contentTypeFor(std::string_view fileName);

enum class CachePolicy {
  kRevalidate,  // index.html and other unhashed files: always ask (no-cache + ETag)
  kImmutable,   // Vite's hashed assets/: a year, never revalidated
  kMedia,       // local media: an hour
};
CachePolicy cachePolicyFor(std::string_view relativePath, bool mediaMount);
std::string cacheControlFor(CachePolicy policy);

// True for app routes that have no file of their own and get index.html (client-side routing,
// e.g. /r/ABCDEFGH23): a GET/HEAD outside /api/ and /media/ whose last segment has no dot.
bool wantsAppShell(std::string_view urlPath);

// One byte range resolved against a file's size.
struct ByteRange {
  std::int64_t first = 0;
  std::int64_t last = 0;  // inclusive
  std::int64_t length() const { return last - first + 1; }
};
struct RangeDecision {
  enum Kind { kWhole, kPartial, kUnsatisfiable } kind = kWhole;
  ByteRange range;
};
// RFC 9110 §14: `bytes=a-b`, `bytes=a-`, `bytes=-n`. A malformed header or a multi-range
// request is served whole (allowed by §14.2); a range starting past the end is unsatisfiable.
// An open-ended or oversized range is cut to `maxBytes` so no response holds a whole film.
RangeDecision decideRange(std::string_view header, std::int64_t fileSize, std::int64_t maxBytes);

// The Content-Security-Policy of the app's HTML: exactly what the app needs — its own
// scripts, the room WebSocket, media from any http(s) source the host picks (the kernel only
// passes metadata), posters from any https host, and frames only from `embedOrigins`.
std::string contentSecurityPolicy(const std::vector<std::string>& embedOrigins);

// The CSP of the generated API reference page (/api/v1/docs): Redocly's build inlines its
// scripts and styles, so they are allowed inline there — and nothing else: no other origin,
// no frames, no forms. The page shows only our own documents.
std::string referencePagePolicy();

// A weak validator from size and modification time (ns), e.g. W/"1a2b-5f3c".
std::string entityTag(std::int64_t size, std::int64_t mtimeNs);

// True when an If-None-Match header names `etag` (or is `*`).
bool etagMatches(std::string_view ifNoneMatch, std::string_view etag);

}  // namespace streamit::web
