#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "streamit/sdk/types.h"

namespace streamit::media {

// The API v1 shape of a PlaybackSource: metadata only (URLs, qualities, subtitles, what sync the
// source allows), never media bytes.
Poco::JSON::Object::Ptr sourceToJson(const sdk::PlaybackSource& source);

// The API v1 shape of a catalog item; `catalog` is the catalog's short name ("tmdb"). `play` is
// {provider, ref} when the item can be played directly, null otherwise (e.g. a whole series).
Poco::JSON::Object::Ptr itemToJson(const std::string& catalog, const sdk::CatalogItem& item);

// "embed" | "hls" | "mp4" | "dash" | "unknown".
std::string sourceKindName(StreamItSourceKind kind);

std::string toJsonText(const Poco::JSON::Object::Ptr& object);

}  // namespace streamit::media
