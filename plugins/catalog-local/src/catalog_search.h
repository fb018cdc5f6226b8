// Search, paging and normalization over parsed catalog entries. Pure: no host, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog_file.h"
#include "streamit/sdk/types.h"

namespace streamit::catalog_local {

inline constexpr std::string_view kIdPrefix = "local:";
inline constexpr uint32_t kDefaultPageSize = 20;

// Matches, filters, orders and pages `entries`. Throws sdk::Error(INVALID_ARGUMENT) for an
// unknown type. page_size 0 means kDefaultPageSize; larger than maxPageSize is capped.
sdk::CatalogPage searchEntries(const std::vector<Entry>& entries, const sdk::CatalogQuery& query,
                               uint32_t maxPageSize);

// The entry an id names ("local:<id>" or bare "<id>"), or nullptr.
const Entry* findEntry(const std::vector<Entry>& entries, std::string_view id);

sdk::CatalogItem toItem(const Entry& entry);
sdk::CatalogItem toSeasonItem(const Entry& entry, const Season& season);
sdk::CatalogItem toEpisodeItem(const Entry& entry, const Season& season, const Episode& episode);

}  // namespace streamit::catalog_local
