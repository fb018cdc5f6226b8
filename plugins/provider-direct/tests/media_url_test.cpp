// URL validation, reference resolution and kind detection: pure.
#include <gtest/gtest.h>

#include "media_url.h"

namespace streamit::direct {
namespace {

std::string errorOf(std::string_view url) {
  try {
    (void)parseMediaUrl(url);
  } catch (const UrlError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ProviderDirectUrl, AcceptsHttpAndHttpsMediaUrls) {
  MediaUrl u = parseMediaUrl("HTTPS://CDN.Example.org/Movies/a.MP4?sig=1#t=10");
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "cdn.example.org");
  EXPECT_EQ(u.port, 443);
  EXPECT_EQ(u.path, "/Movies/a.MP4");
  EXPECT_EQ(u.query, "sig=1");
  EXPECT_EQ(u.extension(), "mp4");
  EXPECT_EQ(u.toString(), "https://cdn.example.org/Movies/a.MP4?sig=1");
  MediaUrl v6 = parseMediaUrl("http://[::1]:8080/live/index.m3u8");
  EXPECT_TRUE(v6.ipv6Literal);
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 8080);
  EXPECT_EQ(v6.toString(), "http://[::1]:8080/live/index.m3u8");
  EXPECT_EQ(parseMediaUrl("http://example.org").toString(), "http://example.org/");
  EXPECT_EQ(parseMediaUrl("http://example.org:80/x").toString(), "http://example.org/x");
  EXPECT_EQ(parseMediaUrl("http://example.org/dir.v2/file").extension(), "");
}

TEST(ProviderDirectUrl, RefusesWhatIsNotAPlainHttpUrl) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty reference"},
      {"file:///etc/passwd", "scheme 'file' is not allowed"},
      {"ftp://example.org/a.mp4", "scheme 'ftp' is not allowed"},
      {"gopher://127.0.0.1:6379/_", "scheme 'gopher' is not allowed"},
      {"javascript:alert(1)", "scheme 'javascript' is not allowed"},
      {"//example.org/a.mp4", "not an absolute URL"},
      {"example.org/a.mp4", "not an absolute URL"},
      {"http:/example.org/a.mp4", "URL has no host"},
      {"http:///a.mp4", "URL has no host"},
      {"http://user:secret@example.org/a.mp4", "must not contain user info"},
      {"http://example.org@127.0.0.1/a.mp4", "must not contain user info"},
      {"http://example.org:0/a.mp4", "out of range"},
      {"http://example.org:65536/a.mp4", "out of range"},
      {"http://example.org:8o/a.mp4", "invalid port"},
      {"http://example.org:/a.mp4", "empty port"},
      {"http://exa mple.org/a.mp4", "spaces or control characters"},
      {"http://example.org/a\n.mp4", "spaces or control characters"},
      {"http://exa%6dple.org/a.mp4", "invalid host name"},
      {"http://[::1/a.mp4", "unterminated IPv6 literal"},
      {"http://[::1]x/a.mp4", "unexpected characters after the IPv6 literal"},
  };
  for (const auto& [url, expected] : cases) {
    EXPECT_NE(errorOf(url).find(expected), std::string::npos) << url << " → " << errorOf(url);
  }
  EXPECT_EQ(errorOf("http://user:secret@example.org/").find("secret"), std::string::npos);
  EXPECT_NE(errorOf(std::string(5000, 'a')).find("longer than"), std::string::npos);
}

TEST(ProviderDirectUrl, ResolvesPlaylistReferences) {
  const std::string base = "https://cdn.example.org/movies/m1/master.m3u8?token=abc";
  const std::pair<const char*, const char*> cases[] = {
      {"1080p/index.m3u8", "https://cdn.example.org/movies/m1/1080p/index.m3u8"},
      {"./a.m3u8", "https://cdn.example.org/movies/m1/a.m3u8"},
      {"../other/720p.m3u8?t=1", "https://cdn.example.org/movies/other/720p.m3u8?t=1"},
      {"../../../../x.m3u8", "https://cdn.example.org/x.m3u8"},
      {"/abs/path.m3u8", "https://cdn.example.org/abs/path.m3u8"},
      {"//cdn2.example.org/p.m3u8", "https://cdn2.example.org/p.m3u8"},
      {"http://other.example/p.m3u8", "http://other.example/p.m3u8"},
      {"?v=2", "https://cdn.example.org/movies/m1/master.m3u8?v=2"},
      {"sub/../b.vtt#frag", "https://cdn.example.org/movies/m1/b.vtt"},
  };
  for (const auto& [ref, expected] : cases) {
    EXPECT_EQ(resolveUrl(base, ref), expected) << ref;
  }
  EXPECT_EQ(resolveUrl("http://127.0.0.1:8080/master.m3u8", "v/i.m3u8"),
            "http://127.0.0.1:8080/v/i.m3u8");
  EXPECT_EQ(resolveUrl("http://host", "a.m3u8"), "http://host/a.m3u8");
}

TEST(ProviderDirectUrl, DetectsKindByContentTypeThenExtension) {
  using K = MediaKind;
  EXPECT_EQ(detectMediaKind("", "application/vnd.apple.mpegurl"), K::kHls);
  EXPECT_EQ(detectMediaKind("mp4", "application/x-mpegurl"), K::kHls);
  EXPECT_EQ(detectMediaKind("", "video/mp4"), K::kMp4);
  EXPECT_EQ(detectMediaKind("", "video/webm"), K::kMp4);
  EXPECT_EQ(detectMediaKind("m3u8", ""), K::kHls);
  EXPECT_EQ(detectMediaKind("m3u8", "application/octet-stream"), K::kHls);
  EXPECT_EQ(detectMediaKind("webm", "binary/octet-stream"), K::kMp4);
  EXPECT_EQ(detectMediaKind("mp4", "text/html"), K::kUnknown);  // an error page, not a video
  EXPECT_EQ(detectMediaKind("", "application/octet-stream"), K::kUnknown);
  EXPECT_EQ(detectMediaKind("mkv", ""), K::kUnknown);
}

}  // namespace
}  // namespace streamit::direct
