#include "direct_provider.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "hls_playlist.h"
#include "streamit/sdk/config_reader.h"

namespace streamit::direct {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string header(const sdk::HttpResponse& res, std::string_view name) {
  for (const auto& [n, v] : res.headers) {
    if (lower(n) == name)
      return v;
  }
  return {};
}

std::string mediaType(const sdk::HttpResponse& res) {
  std::string type = lower(header(res, "content-type"));
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ')
    type.pop_back();
  return type;
}

bool isRedirect(uint32_t status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The host name's addresses as the system resolver returns them.
std::vector<IpAddress> resolveHost(const MediaUrl& url) {
  if (std::optional<IpAddress> literal = parseIpLiteral(url.host))
    return {*literal};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  int rc = ::getaddrinfo(url.host.c_str(), nullptr, &hints, &result);
  if (rc != 0) {
    StreamItStatus status =
        rc == EAI_NONAME ? STREAMIT_STATUS_NOT_FOUND : STREAMIT_STATUS_UNAVAILABLE;
    throw sdk::Error(status,
                     "cannot resolve host '" + url.host + "': " + std::string(gai_strerror(rc)));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(result, &::freeaddrinfo);
  std::vector<IpAddress> out;
  for (const addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    IpAddress a;
    if (ai->ai_family == AF_INET) {
      sockaddr_in sin{};
      std::memcpy(&sin, ai->ai_addr, sizeof sin);
      std::memcpy(a.bytes.data(), &sin.sin_addr, 4);
    } else if (ai->ai_family == AF_INET6) {
      sockaddr_in6 sin6{};
      std::memcpy(&sin6, ai->ai_addr, sizeof sin6);
      a.v6 = true;
      std::memcpy(a.bytes.data(), &sin6.sin6_addr, 16);
    } else {
      continue;
    }
    out.push_back(a);
  }
  return out;
}

void requireSuccess(uint32_t status, const std::string& url) {
  if (status >= 200 && status < 300)
    return;
  if (status == 404 || status == 410)
    throw sdk::Error(STREAMIT_STATUS_NOT_FOUND,
                     "no media at " + url + " (HTTP " + std::to_string(status) + ")");
  throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE,
                   "upstream answered HTTP " + std::to_string(status) + " for " + url);
}

}  // namespace

DirectConfig parseDirectConfig(std::string_view json) {
  sdk::ConfigReader reader(json);
  DirectConfig c;
  c.policy.allowPrivateNetworks = reader.boolean("allow_private_networks").value_or(false);
  c.policy.allowLoopback = reader.boolean("allow_loopback").value_or(false);
  c.timeoutMs = static_cast<uint32_t>(reader.integer("timeout_ms", 100, 15000).value_or(5000));
  c.maxPlaylistBytes = reader.integer("max_playlist_bytes", 1024, 8u << 20).value_or(1u << 20);
  c.maxRedirects = static_cast<uint32_t>(reader.integer("max_redirects", 0, 5).value_or(3));
  return c;
}

DirectProvider::DirectProvider(sdk::Host host)
    : host_(host), config_(parseDirectConfig(host.configJson())) {
  if (config_.policy.allowLoopback || config_.policy.allowPrivateNetworks)
    host_.warn("SSRF protection relaxed: allow_loopback/allow_private_networks is set");
}

MediaUrl DirectProvider::parse(std::string_view reference) const {
  try {
    return parseMediaUrl(reference);
  } catch (const UrlError& e) {
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, e.what());
  }
}

void DirectProvider::checkHost(const MediaUrl& url) const {
  std::vector<IpAddress> addresses = resolveHost(url);
  if (std::optional<std::string> refusal =
          checkResolvedAddresses(url.host, addresses, config_.policy)) {
    host_.count("ssrf_refusals");
    host_.warn(*refusal);
    throw sdk::Error(STREAMIT_STATUS_DENIED, *refusal);
  }
}

DirectProvider::Fetched DirectProvider::fetch(
    const MediaUrl& url, const std::string& method,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
  MediaUrl current = url;
  for (uint32_t hop = 0;; ++hop) {
    // Every hop is checked: a public URL may redirect to 169.254.169.254.
    checkHost(current);
    sdk::HttpRequest req;
    req.method = method;
    req.url = current.toString();
    req.headers = headers;
    req.timeout_ms = config_.timeoutMs;
    sdk::HttpResponse res;
    try {
      res = host_.http(req);
    } catch (const sdk::Error& e) {
      host_.count("upstream_errors");
      throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE,
                       "upstream unreachable (" + req.url + "): " + e.what());
    }
    if (!isRedirect(res.status))
      return {std::move(res), req.url};
    std::string location = header(res, "location");
    if (location.empty())
      throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE, "redirect without Location from " + req.url);
    if (hop >= config_.maxRedirects)
      throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE, "too many redirects (max_redirects " +
                                                        std::to_string(config_.maxRedirects) +
                                                        ") from " + url.toString());
    try {
      current = parseMediaUrl(resolveUrl(req.url, location));
    } catch (const UrlError& e) {
      throw sdk::Error(STREAMIT_STATUS_DENIED,
                       "redirect from " + req.url + " refused: " + std::string(e.what()));
    }
  }
}

DirectProvider::Probe DirectProvider::probe(const MediaUrl& url) const {
  Fetched f = fetch(url, "HEAD", {});
  if (f.response.status == 405 || f.response.status == 501) {
    // Some CDNs refuse HEAD: one byte of the body answers the same question.
    f = fetch(url, "GET", {{"Range", "bytes=0-0"}});
  }
  requireSuccess(f.response.status, f.finalUrl);
  return {f.response.status, mediaType(f.response), f.finalUrl};
}

sdk::PlaybackSource DirectProvider::resolveSource(std::string_view reference) {
  host_.count("resolves");
  MediaUrl url = parse(reference);
  Probe p = probe(url);
  MediaKind kind = MediaKind::kUnknown;
  try {
    kind = detectMediaKind(parseMediaUrl(p.finalUrl).extension(), p.contentType);
  } catch (const UrlError&) {
  }
  if (kind == MediaKind::kUnknown)
    kind = detectMediaKind(url.extension(), p.contentType);
  if (kind == MediaKind::kUnknown)
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "unsupported media type '" + p.contentType +
                                                           "' at " + url.toString() +
                                                           " (expected MP4, WebM or HLS)");
  sdk::PlaybackSource s;
  s.provider = kPluginId;
  s.stream_id = url.toString();
  s.url = url.toString();
  // A plain <video> (or hls.js) element the client controls: hard sync is possible.
  s.capabilities = STREAMIT_CAP_CAN_SEEK | STREAMIT_CAP_CAN_PAUSE | STREAMIT_CAP_CAN_RATE |
                   STREAMIT_CAP_REPORTS_TIME;
  if (kind == MediaKind::kMp4) {
    s.kind = STREAMIT_SOURCE_MP4;
    return s;  // duration unknown without reading the container
  }
  s.kind = STREAMIT_SOURCE_HLS;
  Fetched f = fetch(url, "GET", {{"Accept", "application/vnd.apple.mpegurl, */*"}});
  requireSuccess(f.response.status, f.finalUrl);
  if (f.response.body.size() > config_.maxPlaylistBytes)
    throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE,
                     "playlist at " + f.finalUrl + " is larger than max_playlist_bytes (" +
                         std::to_string(config_.maxPlaylistBytes) + ")");
  HlsPlaylist playlist;
  try {
    playlist = parseHlsPlaylist(f.response.body, f.finalUrl);
  } catch (const HlsError& e) {
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "invalid HLS playlist at " + f.finalUrl + ": " + e.what());
  }
  for (const HlsVariant& v : playlist.variants)
    s.qualities.push_back({v.label, v.height, v.bandwidthKbps, v.url});
  for (const HlsSubtitle& t : playlist.subtitles)
    s.subtitles.push_back({t.language, t.label, t.url});
  s.duration_s = playlist.durationS();
  return s;
}

void DirectProvider::checkSource(std::string_view reference) {
  host_.count("availability_checks");
  (void)probe(parse(reference));
}

}  // namespace streamit::direct
