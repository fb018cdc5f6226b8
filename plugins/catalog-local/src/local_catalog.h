// catalog.local: serves a catalog file loaded (and fully validated) once at create.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog_file.h"
#include "streamit/sdk/plugin.h"

namespace streamit::catalog_local {

inline constexpr const char* kPluginId = "catalog.local";

inline constexpr const char* kConfigSchema = R"({
  "type": "object",
  "description": "A catalog read from a YAML or JSON file at start-up.",
  "properties": {
    "file": {"type": "string", "description": "Catalog file (YAML or JSON). Absolute, or relative to the kernel's working directory."},
    "max_page_size": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50,
                      "description": "Largest page a search returns; bigger requests are capped."}
  },
  "required": ["file"],
  "additionalProperties": false
})";

// Immutable after construction, so concurrent calls need no locking.
class LocalCatalog final : public sdk::Catalog {
 public:
  // Throws (create fails) when the file is missing or any entry is malformed.
  explicit LocalCatalog(sdk::Host host);

  sdk::CatalogPage searchItems(const sdk::CatalogQuery& query) override;
  sdk::CatalogItem itemDetails(std::string_view id) override;
  std::vector<sdk::CatalogItem> listEpisodes(std::string_view id, uint32_t season) override;

 private:
  const Entry& entry(std::string_view id) const;

  sdk::Host host_;
  uint32_t maxPageSize_ = 50;
  std::vector<Entry> entries_;
};

}  // namespace streamit::catalog_local
