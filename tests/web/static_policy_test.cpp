// The static file server's pure rules: path safety, types, caching, app-shell fallback, ranges.
#include "web/static_policy.h"

#include <gtest/gtest.h>

namespace streamit::web {
namespace {

TEST(SafeRelativePath, AcceptsPlainPaths) {
  EXPECT_EQ(safeRelativePath("/index.html"), "index.html");
  EXPECT_EQ(safeRelativePath("/assets/app-3f2a.js"), "assets/app-3f2a.js");
  EXPECT_EQ(safeRelativePath("/demo/hls/360/seg001.ts"), "demo/hls/360/seg001.ts");
  EXPECT_EQ(safeRelativePath("/a%20b.txt"), "a b.txt");
}

TEST(SafeRelativePath, RefusesEverythingThatCouldEscapeOrHide) {
  for (const char* path : {"", "relative", "/", "/../etc/passwd", "/a/../../b", "/./a", "/.env",
                           "/a/.git/config", "/a//b", "/%2e%2e/secret", "/a%2fb", "/a%5cb", "/a\\b",
                           "/a%00b", "/a%0ab", "/%zz", "/assets/"}) {
    EXPECT_FALSE(safeRelativePath(path)) << path;
  }
}

TEST(ContentType, KnownExtensionsCaseInsensitiveElseOctetStream) {
  EXPECT_EQ(contentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(contentTypeFor("app.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(contentTypeFor("clip.webm"), "video/webm");
  EXPECT_EQ(contentTypeFor("master.m3u8"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(contentTypeFor("seg001.ts"), "video/mp2t");
  EXPECT_EQ(contentTypeFor("subs.vtt"), "text/vtt; charset=utf-8");
  EXPECT_EQ(contentTypeFor("README"), "application/octet-stream");
  EXPECT_EQ(contentTypeFor("archive.tar.gz"), "application/octet-stream");
}

TEST(CachePolicy, HashedAssetsForeverIndexRevalidatedMediaAnHour) {
  EXPECT_EQ(cacheControlFor(cachePolicyFor("assets/index-abc.js", false)),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(cacheControlFor(cachePolicyFor("index.html", false)), "no-cache");
  EXPECT_EQ(cacheControlFor(cachePolicyFor("favicon.svg", false)), "no-cache");
  EXPECT_EQ(cacheControlFor(cachePolicyFor("assets/clip.webm", true)), "public, max-age=3600");
}

TEST(AppShell, RoomLinksAndPagesButNeverApiMediaOrFiles) {
  EXPECT_TRUE(wantsAppShell("/"));
  EXPECT_TRUE(wantsAppShell("/r/ABCDEFGH23"));
  EXPECT_TRUE(wantsAppShell("/search"));
  EXPECT_FALSE(wantsAppShell("/api/v1/nothing"));
  EXPECT_FALSE(wantsAppShell("/api"));
  EXPECT_FALSE(wantsAppShell("/media/demo/none"));
  EXPECT_FALSE(wantsAppShell("/assets/missing.js"));
  EXPECT_FALSE(wantsAppShell("/favicon.ico"));
}

TEST(Range, WholeWhenAbsentMalformedOrMultiple) {
  for (const char* header : {"", "bytes", "bytes=", "items=0-1", "bytes=a-b", "bytes=5-2",
                             "bytes=0-1,4-5", "bytes=-0x10"}) {
    const auto d = decideRange(header, 100, 1000);
    EXPECT_EQ(d.kind, RangeDecision::kWhole) << header;
    EXPECT_EQ(d.range.first, 0) << header;
    EXPECT_EQ(d.range.last, 99) << header;
  }
}

TEST(Range, PartialForms) {
  auto d = decideRange("bytes=10-19", 100, 1000);
  ASSERT_EQ(d.kind, RangeDecision::kPartial);
  EXPECT_EQ(d.range.first, 10);
  EXPECT_EQ(d.range.last, 19);
  d = decideRange("bytes=90-", 100, 1000);
  EXPECT_EQ(d.range.first, 90);
  EXPECT_EQ(d.range.last, 99);
  d = decideRange("bytes=90-500", 100, 1000);  // clamped to the file
  EXPECT_EQ(d.range.last, 99);
  d = decideRange("bytes=-30", 100, 1000);  // the last 30 bytes
  EXPECT_EQ(d.range.first, 70);
  EXPECT_EQ(d.range.last, 99);
  d = decideRange("bytes=-500", 100, 1000);
  EXPECT_EQ(d.range.first, 0);
  d = decideRange(" bytes=0-0 ", 100, 1000);
  EXPECT_EQ(d.range.length(), 1);
}

TEST(Range, LongRangesAreCutToTheCap) {
  const auto d = decideRange("bytes=0-", 1'000'000, 4096);
  ASSERT_EQ(d.kind, RangeDecision::kPartial);
  EXPECT_EQ(d.range.first, 0);
  EXPECT_EQ(d.range.last, 4095);
}

TEST(Range, UnsatisfiableBeyondTheEnd) {
  EXPECT_EQ(decideRange("bytes=100-", 100, 1000).kind, RangeDecision::kUnsatisfiable);
  EXPECT_EQ(decideRange("bytes=500-600", 100, 1000).kind, RangeDecision::kUnsatisfiable);
  EXPECT_EQ(decideRange("bytes=-5", 0, 1000).kind, RangeDecision::kUnsatisfiable);
}

TEST(Csp, FramesOnlyTheConfiguredOriginsAndNoInlineScript) {
  const auto csp = contentSecurityPolicy({"https://www.vidking.net"});
  EXPECT_NE(csp.find("frame-src 'self' https://www.vidking.net;"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
}

TEST(ETag, WeakComparisonAndLists) {
  const auto tag = entityTag(4096, 1234567);
  EXPECT_EQ(tag, "W/\"1000-12d687\"");
  EXPECT_TRUE(etagMatches(tag, tag));
  EXPECT_TRUE(etagMatches("\"1000-12d687\"", tag));
  EXPECT_TRUE(etagMatches("\"x\", W/\"1000-12d687\"", tag));
  EXPECT_TRUE(etagMatches("*", tag));
  EXPECT_FALSE(etagMatches("", tag));
  EXPECT_FALSE(etagMatches("W/\"1000-12d688\"", tag));
}

}  // namespace
}  // namespace streamit::web
