#pragma once

#include <string>
#include <vector>

namespace streamit::web {

// The `web:` section: the reference web app and the local media the kernel serves itself.
// Relative directories resolve against the config file's directory.
struct WebConfig {
  std::string root_dir;   // the built web app (index.html + assets/); empty: serve no app
  std::string media_dir;  // files served under /media/ with Range support; empty: none
  // Origins the app may frame (VidKing's player); they go into the page's CSP frame-src.
  std::vector<std::string> embed_origins = {"https://www.vidking.net"};
  int media_max_range_bytes = 8 * 1024 * 1024;  // largest body of one ranged media response
};

}  // namespace streamit::web
