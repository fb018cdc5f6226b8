#include "media/media_json.h"

#include <Poco/JSON/Array.h>

#include <sstream>

namespace streamit::media {

std::string sourceKindName(StreamItSourceKind kind) {
  switch (kind) {
    case STREAMIT_SOURCE_EMBED:
      return "embed";
    case STREAMIT_SOURCE_HLS:
      return "hls";
    case STREAMIT_SOURCE_MP4:
      return "mp4";
    case STREAMIT_SOURCE_DASH:
      return "dash";
    default:
      return "unknown";
  }
}

Poco::JSON::Object::Ptr sourceToJson(const sdk::PlaybackSource& source) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("provider", source.provider);
  out->set("stream_id", source.stream_id);
  out->set("kind", sourceKindName(source.kind));
  out->set("url", source.url);
  out->set("embed_url", source.embed_url);
  out->set("poster", source.poster);
  out->set("duration_s", source.duration_s);

  Poco::JSON::Object::Ptr caps = new Poco::JSON::Object;
  caps->set("can_seek", (source.capabilities & STREAMIT_CAP_CAN_SEEK) != 0);
  caps->set("can_pause", (source.capabilities & STREAMIT_CAP_CAN_PAUSE) != 0);
  caps->set("can_rate", (source.capabilities & STREAMIT_CAP_CAN_RATE) != 0);
  caps->set("reports_time", (source.capabilities & STREAMIT_CAP_REPORTS_TIME) != 0);
  caps->set("seek_by_reload", (source.capabilities & STREAMIT_CAP_SEEK_BY_RELOAD) != 0);
  out->set("capabilities", caps);

  Poco::JSON::Array::Ptr qualities = new Poco::JSON::Array;
  for (const auto& q : source.qualities) {
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("label", q.label);
    entry->set("height", q.height);
    entry->set("bitrate_kbps", q.bitrate_kbps);
    entry->set("url", q.url);
    qualities->add(entry);
  }
  out->set("qualities", qualities);

  Poco::JSON::Array::Ptr subtitles = new Poco::JSON::Array;
  for (const auto& s : source.subtitles) {
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("language", s.language);
    entry->set("label", s.label);
    entry->set("url", s.url);
    subtitles->add(entry);
  }
  out->set("subtitles", subtitles);
  return out;
}

Poco::JSON::Object::Ptr itemToJson(const std::string& catalog, const sdk::CatalogItem& item) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("catalog", catalog);
  out->set("id", item.id);
  out->set("type", item.type);
  out->set("title", item.title);
  out->set("year", item.year == 0 ? Poco::Dynamic::Var() : Poco::Dynamic::Var(item.year));
  out->set("overview", item.overview);
  out->set("poster", item.poster);
  out->set("backdrop", item.backdrop);
  Poco::JSON::Array::Ptr genres = new Poco::JSON::Array;
  for (const auto& g : item.genres)
    genres->add(g);
  out->set("genres", genres);
  if (item.season_count != 0)
    out->set("season_count", item.season_count);
  if (item.season_number != 0)
    out->set("season_number", item.season_number);
  if (item.episode_number != 0)
    out->set("episode_number", item.episode_number);
  if (item.provider.empty() || item.reference.empty()) {
    out->set("play", Poco::Dynamic::Var());
  } else {
    Poco::JSON::Object::Ptr play = new Poco::JSON::Object;
    play->set("provider", item.provider);
    play->set("ref", item.reference);
    out->set("play", play);
  }
  return out;
}

std::string toJsonText(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

}  // namespace streamit::media
