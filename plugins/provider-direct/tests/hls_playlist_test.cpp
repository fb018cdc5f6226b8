// HLS parsing on fixture playlists: qualities, subtitles, durations, malformed input.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hls_playlist.h"

namespace streamit::direct {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(STREAMIT_DIRECT_FIXTURE_DIR) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << name;
  return ss.str();
}

TEST(ProviderDirectHls, AttributeListsWithQuotedCommas) {
  auto a = parseAttributeList(
      R"(BANDWIDTH=2800000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=1280x720,NAME="A, B")");
  EXPECT_EQ(a["BANDWIDTH"], "2800000");
  EXPECT_EQ(a["CODECS"], "avc1.4d401f,mp4a.40.2");
  EXPECT_EQ(a["RESOLUTION"], "1280x720");
  EXPECT_EQ(a["NAME"], "A, B");
  EXPECT_EQ(a.size(), 4u);
  EXPECT_TRUE(parseAttributeList("").empty());
  EXPECT_THROW(parseAttributeList(R"(NAME="open)"), HlsError);
  EXPECT_THROW(parseAttributeList("BANDWIDTH"), HlsError);
  EXPECT_THROW(parseAttributeList(R"(NAME="a"x,B=1)"), HlsError);
}

TEST(ProviderDirectHls, MasterPlaylistQualitiesAndSubtitles) {
  HlsPlaylist p =
      parseHlsPlaylist(fixture("master.m3u8"), "https://cdn.example.org/movies/m1/master.m3u8");
  EXPECT_TRUE(p.master);
  EXPECT_DOUBLE_EQ(p.durationS(), 0);
  ASSERT_EQ(p.variants.size(), 4u);
  EXPECT_EQ(p.variants[0].label, "1080p");
  EXPECT_EQ(p.variants[0].height, 1080u);
  EXPECT_EQ(p.variants[0].bandwidthKbps, 6000u);
  EXPECT_EQ(p.variants[0].url, "https://cdn.example.org/movies/m1/1080p/index.m3u8");
  EXPECT_EQ(p.variants[1].label, "720p");
  EXPECT_EQ(p.variants[1].url, "https://cdn.example.org/movies/other/720p.m3u8?token=abc");
  EXPECT_EQ(p.variants[2].label, "96 kbps");  // audio only: no RESOLUTION
  EXPECT_EQ(p.variants[2].height, 0u);
  EXPECT_EQ(p.variants[2].url, "https://cdn.example.org/audio-only/playlist.m3u8");
  EXPECT_EQ(p.variants[3].url, "https://cdn2.example.org/360p.m3u8");
  ASSERT_EQ(p.subtitles.size(), 2u);  // the AUDIO rendition and the URI-less one are skipped
  EXPECT_EQ(p.subtitles[0].language, "en");
  EXPECT_EQ(p.subtitles[0].label, "English");
  EXPECT_EQ(p.subtitles[0].url, "https://cdn.example.org/movies/m1/subs/en/index.m3u8");
  EXPECT_EQ(p.subtitles[1].label, "Deutsch, SDH");
  EXPECT_EQ(p.subtitles[1].url, "https://cdn.example.org/subs/de.m3u8");
}

TEST(ProviderDirectHls, MediaPlaylistDurationOnlyWhenFinished) {
  HlsPlaylist vod = parseHlsPlaylist(fixture("media.m3u8"), "http://h/v/index.m3u8");
  EXPECT_FALSE(vod.master);
  EXPECT_TRUE(vod.endList);
  EXPECT_DOUBLE_EQ(vod.durationS(), 33.75);
  EXPECT_TRUE(vod.variants.empty());
  HlsPlaylist live = parseHlsPlaylist(fixture("live.m3u8"), "http://h/live.m3u8");
  EXPECT_FALSE(live.endList);
  EXPECT_DOUBLE_EQ(live.segmentSecondsSum, 12);
  EXPECT_DOUBLE_EQ(live.durationS(), 0);  // live: no duration
}

TEST(ProviderDirectHls, RefusesWhatIsNotAPlaylist) {
  EXPECT_THROW(parseHlsPlaylist("", "http://h/"), HlsError);
  EXPECT_THROW(parseHlsPlaylist("<html>404</html>", "http://h/"), HlsError);
  EXPECT_THROW(parseHlsPlaylist("#EXTM3U\n#EXTINF:abc,\nseg.ts\n", "http://h/"), HlsError);
  EXPECT_THROW(parseHlsPlaylist("#EXTM3U\n#EXTINF:-1,\nseg.ts\n", "http://h/"), HlsError);
  EXPECT_THROW(parseHlsPlaylist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", "http://h/"), HlsError);
  EXPECT_THROW(parseHlsPlaylist("#EXTM3U\n#EXT-X-STREAM-INF:NAME=\"x\nv.m3u8\n", "http://h/"),
               HlsError);
  // CRLF line ends and a BOM are fine.
  HlsPlaylist crlf = parseHlsPlaylist(
      "\xEF\xBB\xBF#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=426x240\r\nlow."
      "m3u8\r\n",
      "http://h/m.m3u8");
  ASSERT_EQ(crlf.variants.size(), 1u);
  EXPECT_EQ(crlf.variants[0].url, "http://h/low.m3u8");
  EXPECT_EQ(crlf.variants[0].label, "240p");
}

}  // namespace
}  // namespace streamit::direct
