// Header-only C++ layer: std-typed mirrors of the ABI structs and conversions both ways.
// Used by plugins (through plugin.h) and by the kernel. Nothing here crosses the boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "streamit/sdk/abi.h"

namespace streamit::sdk {

// Borrowing conversions; the view lives as long as the source string.
inline StreamItStr toStr(std::string_view s) noexcept {
  return StreamItStr{s.data(), s.size()};
}
inline std::string_view view(StreamItStr s) noexcept {
  return s.data == nullptr ? std::string_view{} : std::string_view(s.data, s.size);
}
inline std::string toString(StreamItStr s) {
  return std::string(view(s));
}

// Size of the first (ABI 1.0) layout of T. Structs only ever grow at the end, so anything at
// least this large can be read; newer fields are read only when struct_size covers them.
template <class T>
inline constexpr std::size_t kV1Size = sizeof(T);
template <>
inline constexpr std::size_t kV1Size<StreamItCatalogItem> = offsetof(StreamItCatalogItem, backdrop);
template <>
inline constexpr std::size_t kV1Size<StreamItCreateArgs> = offsetof(StreamItCreateArgs, host_v2);

// True when a struct written by the other side is at least as large as the V1 layout we read.
template <class T>
bool hasV1Layout(const T* pod) {
  return pod != nullptr && pod->struct_size >= kV1Size<T>;
}

// True when the writer's struct reaches `end` bytes (offsetof + sizeof of the last field read).
template <class T>
bool covers(const T& pod, std::size_t end) {
  return pod.struct_size >= end;
}

struct Quality {
  std::string label;
  uint32_t height = 0;
  uint32_t bitrate_kbps = 0;
  std::string url;
};

struct Subtitle {
  std::string language;
  std::string label;
  std::string url;
};

struct PlaybackSource {
  std::string provider;
  std::string stream_id;
  StreamItSourceKind kind = STREAMIT_SOURCE_EMBED;
  std::string url;
  std::string embed_url;
  std::string poster;
  double duration_s = 0;
  uint32_t capabilities = 0;
  std::vector<Quality> qualities;
  std::vector<Subtitle> subtitles;
};

// A POD image of a PlaybackSource; pointers stay valid while both objects live unchanged.
class PlaybackSourcePod {
 public:
  explicit PlaybackSourcePod(const PlaybackSource& s) {
    for (const auto& q : s.qualities) {
      qualities_.push_back(StreamItQuality{sizeof(StreamItQuality), q.height, q.bitrate_kbps, 0,
                                           toStr(q.label), toStr(q.url)});
    }
    for (const auto& t : s.subtitles) {
      subtitles_.push_back(StreamItSubtitle{sizeof(StreamItSubtitle), 0, toStr(t.language),
                                            toStr(t.label), toStr(t.url)});
    }
    pod_ = StreamItPlaybackSource{sizeof(StreamItPlaybackSource),
                                  s.kind,
                                  toStr(s.provider),
                                  toStr(s.stream_id),
                                  toStr(s.url),
                                  toStr(s.embed_url),
                                  toStr(s.poster),
                                  s.duration_s,
                                  s.capabilities,
                                  0,
                                  qualities_.data(),
                                  qualities_.size(),
                                  subtitles_.data(),
                                  subtitles_.size()};
  }
  // The POD points into `s`: binding a temporary would dangle.
  explicit PlaybackSourcePod(PlaybackSource&&) = delete;
  PlaybackSourcePod(const PlaybackSourcePod&) = delete;
  PlaybackSourcePod& operator=(const PlaybackSourcePod&) = delete;
  const StreamItPlaybackSource* get() const noexcept { return &pod_; }

 private:
  std::vector<StreamItQuality> qualities_;
  std::vector<StreamItSubtitle> subtitles_;
  StreamItPlaybackSource pod_{};
};

inline PlaybackSource fromPod(const StreamItPlaybackSource& p) {
  PlaybackSource s;
  s.provider = toString(p.provider);
  s.stream_id = toString(p.stream_id);
  s.kind = p.kind;
  s.url = toString(p.url);
  s.embed_url = toString(p.embed_url);
  s.poster = toString(p.poster);
  s.duration_s = p.duration_s;
  s.capabilities = p.capabilities;
  for (uint64_t i = 0; i < p.quality_count; ++i) {
    const StreamItQuality& q = p.qualities[i];
    s.qualities.push_back({toString(q.label), q.height, q.bitrate_kbps, toString(q.url)});
  }
  for (uint64_t i = 0; i < p.subtitle_count; ++i) {
    const StreamItSubtitle& t = p.subtitles[i];
    s.subtitles.push_back({toString(t.language), toString(t.label), toString(t.url)});
  }
  return s;
}

struct Principal {
  std::string subject;
  std::string display_name;
  std::vector<std::string> scopes;
  int64_t expires_at_ms = 0;
};

class PrincipalPod {
 public:
  explicit PrincipalPod(const Principal& p) {
    for (const auto& s : p.scopes)
      scopes_.push_back(toStr(s));
    pod_ = StreamItPrincipal{sizeof(StreamItPrincipal),
                             0,
                             toStr(p.subject),
                             toStr(p.display_name),
                             scopes_.data(),
                             scopes_.size(),
                             p.expires_at_ms};
  }
  explicit PrincipalPod(Principal&&) = delete;
  PrincipalPod(const PrincipalPod&) = delete;
  PrincipalPod& operator=(const PrincipalPod&) = delete;
  const StreamItPrincipal* get() const noexcept { return &pod_; }

 private:
  std::vector<StreamItStr> scopes_;
  StreamItPrincipal pod_{};
};

inline Principal fromPod(const StreamItPrincipal& p) {
  Principal out{toString(p.subject), toString(p.display_name), {}, p.expires_at_ms};
  for (uint64_t i = 0; i < p.scope_count; ++i)
    out.scopes.push_back(toString(p.scopes[i]));
  return out;
}

struct ChatMessage {
  std::string room_id;
  std::string user_id;
  std::string text;
};

inline ChatMessage fromPod(const StreamItChatMessage& m) {
  return {toString(m.room_id), toString(m.user_id), toString(m.text)};
}
// The result borrows from `m`.
inline StreamItChatMessage toPod(const ChatMessage& m) noexcept {
  return {sizeof(StreamItChatMessage), 0, toStr(m.room_id), toStr(m.user_id), toStr(m.text)};
}

struct ModerationDecision {
  StreamItModerationAction action = STREAMIT_MODERATION_ALLOW;
  std::string reason;
  std::string rewritten_text;
};

inline ModerationDecision fromPod(const StreamItModerationDecision& d) {
  return {d.action, toString(d.reason), toString(d.rewritten_text)};
}
inline StreamItModerationDecision toPod(const ModerationDecision& d) noexcept {
  return {sizeof(StreamItModerationDecision), d.action, toStr(d.reason), toStr(d.rewritten_text)};
}

struct CatalogQuery {
  std::string text;
  std::string type;
  uint32_t year = 0;
  uint32_t page = 1;
  uint32_t page_size = 20;
};

inline CatalogQuery fromPod(const StreamItCatalogQuery& q) {
  return {toString(q.text), toString(q.type), q.year, q.page, q.page_size};
}
inline StreamItCatalogQuery toPod(const CatalogQuery& q) noexcept {
  return {sizeof(StreamItCatalogQuery), q.page, q.page_size, q.year, toStr(q.text), toStr(q.type)};
}

struct CatalogItem {
  std::string id;
  std::string type;
  std::string title;
  std::string overview;
  std::string poster;
  uint32_t year = 0;
  uint32_t season_count = 0;
  uint32_t season_number = 0;
  uint32_t episode_number = 0;
  std::string backdrop;
  std::vector<std::string> genres;
  std::string provider;   // provider plugin id that plays it; empty = not directly playable
  std::string reference;  // what to pass to that provider's resolve
};

inline CatalogItem fromPod(const StreamItCatalogItem& i) {
  CatalogItem out;
  out.id = toString(i.id);
  out.type = toString(i.type);
  out.title = toString(i.title);
  out.overview = toString(i.overview);
  out.poster = toString(i.poster);
  out.year = i.year;
  out.season_count = i.season_count;
  out.season_number = i.season_number;
  out.episode_number = i.episode_number;
  if (covers(i, offsetof(StreamItCatalogItem, reference) + sizeof(StreamItStr))) {
    out.backdrop = toString(i.backdrop);
    for (uint64_t g = 0; g < i.genre_count && i.genres != nullptr; ++g) {
      out.genres.push_back(toString(i.genres[g]));
    }
    out.provider = toString(i.provider);
    out.reference = toString(i.reference);
  }
  return out;
}

// A POD image of a CatalogItem; pointers stay valid while both objects live unchanged.
class CatalogItemPod {
 public:
  explicit CatalogItemPod(const CatalogItem& i) {
    for (const auto& g : i.genres)
      genres_.push_back(toStr(g));
    pod_ = StreamItCatalogItem{sizeof(StreamItCatalogItem),
                               i.year,
                               i.season_count,
                               i.season_number,
                               i.episode_number,
                               0,
                               toStr(i.id),
                               toStr(i.type),
                               toStr(i.title),
                               toStr(i.overview),
                               toStr(i.poster),
                               toStr(i.backdrop),
                               genres_.data(),
                               genres_.size(),
                               toStr(i.provider),
                               toStr(i.reference)};
  }
  explicit CatalogItemPod(CatalogItem&&) = delete;
  CatalogItemPod(const CatalogItemPod&) = delete;
  CatalogItemPod& operator=(const CatalogItemPod&) = delete;
  const StreamItCatalogItem* get() const noexcept { return &pod_; }

 private:
  std::vector<StreamItStr> genres_;
  StreamItCatalogItem pod_{};
};

struct CatalogPage {
  std::vector<CatalogItem> items;
  uint32_t page = 1;
  uint32_t total_pages = 1;
  uint64_t total_results = 0;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  uint32_t timeout_ms = 0;
};

struct HttpResponse {
  uint32_t status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace streamit::sdk
