#include "local_catalog.h"

#include <filesystem>

#include "catalog_search.h"
#include "streamit/sdk/config_reader.h"

namespace streamit::catalog_local {

LocalCatalog::LocalCatalog(sdk::Host host) : host_(host) {
  const sdk::ConfigReader config(host_.configJson());
  const std::string file = config.string("file").value_or("");
  if (file.empty())
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "file: is required");
  if (auto size = config.scalar("max_page_size"))
    maxPageSize_ = static_cast<uint32_t>(std::stoul(*size));
  // The plugin only sees its config JSON, not where the kernel's config file lives, so a
  // relative path can only mean the working directory; log the absolute one to make that visible.
  const std::filesystem::path path = std::filesystem::absolute(file);
  try {
    entries_ = loadCatalogFile(path);
  } catch (const CatalogFileError& e) {
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, std::string("file: ") + e.what());
  }
  host_.info("loaded " + std::to_string(entries_.size()) + " catalog entries from " +
             path.string());
}

sdk::CatalogPage LocalCatalog::searchItems(const sdk::CatalogQuery& query) {
  return searchEntries(entries_, query, maxPageSize_);
}

const Entry& LocalCatalog::entry(std::string_view id) const {
  const Entry* e = findEntry(entries_, id);
  if (e == nullptr)
    throw sdk::Error(STREAMIT_STATUS_NOT_FOUND, "no catalog entry '" + std::string(id) + "'");
  return *e;
}

sdk::CatalogItem LocalCatalog::itemDetails(std::string_view id) {
  return toItem(entry(id));
}

std::vector<sdk::CatalogItem> LocalCatalog::listEpisodes(std::string_view id, uint32_t season) {
  const Entry& e = entry(id);
  if (e.type != "tv")
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT,
                     "'" + std::string(id) + "' is a movie: it has no seasons");
  std::vector<sdk::CatalogItem> out;
  for (const Season& s : e.seasons) {
    if (season == 0) {
      out.push_back(toSeasonItem(e, s));
    } else if (s.number == season) {
      for (const Episode& ep : s.episodes)
        out.push_back(toEpisodeItem(e, s, ep));
      return out;
    }
  }
  if (season != 0)
    throw sdk::Error(STREAMIT_STATUS_NOT_FOUND,
                     "'" + std::string(id) + "' has no season " + std::to_string(season));
  return out;
}

}  // namespace streamit::catalog_local
