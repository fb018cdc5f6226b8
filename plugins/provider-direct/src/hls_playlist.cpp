#include "hls_playlist.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "media_url.h"

namespace streamit::direct {

namespace {

constexpr std::string_view kStreamInf = "#EXT-X-STREAM-INF:";
constexpr std::string_view kMedia = "#EXT-X-MEDIA:";
constexpr std::string_view kExtInf = "#EXTINF:";

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  return s;
}

// A decimal-integer attribute, 0 when absent or not a number.
uint64_t integerAttr(const std::map<std::string, std::string>& attrs, const std::string& name) {
  auto it = attrs.find(name);
  if (it == attrs.end() || it->second.empty() || it->second.size() > 18 ||
      it->second.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  return std::strtoull(it->second.c_str(), nullptr, 10);
}

std::string attr(const std::map<std::string, std::string>& attrs, const std::string& name) {
  auto it = attrs.find(name);
  return it == attrs.end() ? std::string() : it->second;
}

}  // namespace

std::map<std::string, std::string> parseAttributeList(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos)
      throw HlsError("attribute without '=' in '" + std::string(text.substr(0, 80)) + "'");
    std::string name(trim(text.substr(i, eq - i)));
    if (name.empty())
      throw HlsError("attribute without a name");
    i = eq + 1;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      std::size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos)
        throw HlsError("unterminated quoted value of " + name);
      value = std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
      if (i < text.size() && text[i] != ',')
        throw HlsError("unexpected characters after the quoted value of " + name);
    } else {
      std::size_t comma = text.find(',', i);
      value = std::string(
          trim(text.substr(i, comma == std::string_view::npos ? text.npos : comma - i)));
      i = comma == std::string_view::npos ? text.size() : comma;
    }
    out[name] = value;
    if (i < text.size())
      ++i;  // the comma
  }
  return out;
}

HlsPlaylist parseHlsPlaylist(std::string_view text, std::string_view playlistUrl) {
  if (startsWith(text, "\xEF\xBB\xBF"))
    text.remove_prefix(3);  // UTF-8 BOM written by some packagers
  HlsPlaylist out;
  bool first = true;
  bool pendingVariant = false;
  std::map<std::string, std::string> variantAttrs;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line =
        trim(text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (first) {
      if (line != "#EXTM3U")
        throw HlsError("not an HLS playlist (first line is not #EXTM3U)");
      first = false;
      continue;
    }
    if (line.empty())
      continue;
    if (startsWith(line, kStreamInf)) {
      variantAttrs = parseAttributeList(line.substr(kStreamInf.size()));
      pendingVariant = true;
      out.master = true;
    } else if (startsWith(line, kMedia)) {
      auto attrs = parseAttributeList(line.substr(kMedia.size()));
      if (attr(attrs, "TYPE") == "SUBTITLES" && !attr(attrs, "URI").empty()) {
        HlsSubtitle s;
        s.language = attr(attrs, "LANGUAGE");
        s.label = attr(attrs, "NAME").empty() ? s.language : attr(attrs, "NAME");
        s.url = resolveUrl(playlistUrl, attr(attrs, "URI"));
        out.subtitles.push_back(std::move(s));
      }
    } else if (startsWith(line, kExtInf)) {
      std::string_view value = line.substr(kExtInf.size());
      value = value.substr(0, value.find(','));
      char* end = nullptr;
      std::string number(value);
      double seconds = std::strtod(number.c_str(), &end);
      if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(seconds) ||
          seconds < 0)
        throw HlsError("invalid #EXTINF duration '" + number.substr(0, 32) + "'");
      out.segmentSecondsSum += seconds;
    } else if (line == "#EXT-X-ENDLIST") {
      out.endList = true;
    } else if (line[0] == '#') {
      continue;  // other tags and comments
    } else if (pendingVariant) {
      HlsVariant v;
      uint64_t bandwidth = integerAttr(variantAttrs, "BANDWIDTH");
      v.bandwidthKbps =
          static_cast<uint32_t>(std::min<uint64_t>((bandwidth + 500) / 1000, UINT32_MAX));
      std::string resolution = attr(variantAttrs, "RESOLUTION");
      if (std::size_t x = resolution.find_first_of("xX"); x != std::string::npos) {
        std::map<std::string, std::string> h{{"H", resolution.substr(x + 1)}};
        v.height = static_cast<uint32_t>(std::min<uint64_t>(integerAttr(h, "H"), 100000));
      }
      v.label = v.height != 0 ? std::to_string(v.height) + "p"
                              : std::to_string(v.bandwidthKbps) + " kbps";
      v.url = resolveUrl(playlistUrl, line);
      out.variants.push_back(std::move(v));
      pendingVariant = false;
    }
    // A bare URI outside a variant is a media segment: nothing to collect.
  }
  if (first)
    throw HlsError("empty playlist");
  if (pendingVariant)
    throw HlsError("#EXT-X-STREAM-INF without a URI line");
  return out;
}

}  // namespace streamit::direct
