// HLS playlist parsing for provider.direct (RFC 8216 subset we need). Pure: text in, qualities,
// WebVTT subtitle renditions and VOD duration out.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace streamit::direct {

class HlsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HlsVariant {
  uint32_t bandwidthKbps = 0;  // BANDWIDTH / 1000, rounded
  uint32_t height = 0;         // from RESOLUTION=WxH; 0 when absent
  std::string label;           // "720p", else "<kbps> kbps"
  std::string url;             // resolved against the playlist URL
};

struct HlsSubtitle {
  std::string language;  // LANGUAGE (BCP 47), may be empty
  std::string label;     // NAME, else LANGUAGE
  std::string url;       // the subtitle rendition's playlist, resolved
};

struct HlsPlaylist {
  bool master = false;               // has #EXT-X-STREAM-INF
  std::vector<HlsVariant> variants;  // playlist order
  std::vector<HlsSubtitle> subtitles;
  double segmentSecondsSum = 0;  // sum of #EXTINF (media playlists)
  bool endList = false;          // #EXT-X-ENDLIST: VOD, the sum is the duration
  // The duration to report: the #EXTINF sum for a finished media playlist, else 0 (unknown or
  // live; a master playlist's duration would need a variant fetch).
  double durationS() const { return !master && endList ? segmentSecondsSum : 0; }
};

// Attribute list of a tag ("BANDWIDTH=1280000,CODECS=\"a,b\"") → name → value (quotes
// removed). Throws HlsError on malformed input (unterminated quote, missing '=').
std::map<std::string, std::string> parseAttributeList(std::string_view text);

// `playlistUrl` is the URL the text came from (after redirects), the base for relative URIs.
// Throws HlsError when the text is not an HLS playlist.
HlsPlaylist parseHlsPlaylist(std::string_view text, std::string_view playlistUrl);

}  // namespace streamit::direct
