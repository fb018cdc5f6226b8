#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "common/net.h"
#include "ref_server/ref_server.h"

// streamit_ref_server [--host 127.0.0.1] [--port 0] [--threads 1]
// Prints "ready port=<n>" once listening.
int main(int argc, char** argv) {
  streamit::bench::RefServerOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--host" && value) {
      options.host = value;
      ++i;
    } else if (arg == "--port" && value) {
      options.port = static_cast<std::uint16_t>(std::atoi(value));
      ++i;
    } else if (arg == "--threads" && value) {
      options.threads = std::atoi(value);
      ++i;
    } else {
      std::fprintf(stderr, "usage: %s [--host H] [--port P] [--threads N]\n", argv[0]);
      return 2;
    }
  }
  try {
    streamit::bench::raiseFdLimit();
    streamit::bench::RefServer server(options);
    std::printf("ready port=%u threads=%d\n", server.port(), options.threads);
    std::fflush(stdout);
    server.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ref_server: %s\n", e.what());
    return 1;
  }
  return 0;
}
