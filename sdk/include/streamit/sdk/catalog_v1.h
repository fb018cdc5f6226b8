// Role interface for STREAMIT_KIND_CATALOG, interface version 1.
#pragma once

#include "streamit/sdk/abi.h"
#include "streamit/sdk/host_v1.h"

namespace streamit::sdk {

// Receives normalized items (each borrowed for its call), then at most one page() call.
// Implemented by the kernel.
class CatalogSinkV1 {
 public:
  virtual void item(const StreamItCatalogItem* item) noexcept = 0;
  virtual void page(uint32_t page, uint32_t total_pages, uint64_t total_results) noexcept = 0;
  virtual void error(StreamItStr message) noexcept = 0;

 protected:
  virtual ~CatalogSinkV1() = default;
};

// Ownership: the plugin's. Lifetime: create → destroy. Thread safety: concurrent calls allowed.
class CatalogV1 {
 public:
  static constexpr StreamItPluginKind kKind = STREAMIT_KIND_CATALOG;
  static constexpr uint32_t kInterfaceVersion = 1;

  virtual StreamItStatus search(const StreamItCatalogQuery* query, CatalogSinkV1& out) noexcept = 0;
  // One item() with the details of `id`.
  virtual StreamItStatus details(StreamItStr id, CatalogSinkV1& out) noexcept = 0;
  // season == 0: one item() per season (type "tv", season_number set); otherwise one per episode.
  virtual StreamItStatus episodes(StreamItStr id, uint32_t season, CatalogSinkV1& out) noexcept = 0;

 protected:
  virtual ~CatalogV1() = default;
};

}  // namespace streamit::sdk
