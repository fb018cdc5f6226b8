#pragma once

namespace streamit::media {

// The `media:` section: how hard one client may use the provider and catalog endpoints, so
// nobody can burn an upstream API quota (TMDB) through us. Limits are per client address,
// shared by all kernels through the realtime store.
struct MediaConfig {
  double search_rate_per_s = 2;  // catalog search + details + episodes
  int search_burst = 10;
  double resolve_rate_per_s = 1;  // provider resolve (each may probe the upstream)
  int resolve_burst = 5;
  int catalog_page_size = 20;  // items asked from each catalog per page
};

}  // namespace streamit::media
