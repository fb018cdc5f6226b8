#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "common/net.h"
#include "loadgen/scenarios.h"

namespace {

void usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s --mode latency|idle|crossnode --target ref|node|kernel --url URL\n"
               "  common:    --max-inflight N (256) --source-addrs K (1) --label S\n"
               "             --connect-timeout-s S (120) --room NAME --http-source IP\n"
               "  latency:   --viewers N (100) --commands M (200) --interval-ms T (20)\n"
               "             --rate R --duration-s S (steady rate instead of commands)\n"
               "             --settle-ms (1000) --drain-ms (3000) --payload-bytes (100)\n"
               "  crossnode: --url-b URL --viewers N (on B) --control-viewers K (20, on A)\n"
               "  idle:      --connections C (1000) --hold-s S (5) --server-pid PID\n"
               "  kernel:    --media-url URL (source set before seeking) --media-provider ID\n"
               "  debug:     --debug-texts N (print the first N texts host/viewer 1 receive)\n"
               "URL: ws://host:port/path for ref/node, http://host:port for kernel.\n",
               argv0);
}

}  // namespace

int main(int argc, char** argv) {
  streamit::bench::LoadOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      usage(argv[0]);
      return 2;
    }
    const std::string value = argv[++i];
    const auto number = [&value] { return std::atoi(value.c_str()); };
    if (arg == "--mode") {
      o.mode = value;
    } else if (arg == "--target") {
      o.target = value;
    } else if (arg == "--url") {
      o.url = value;
    } else if (arg == "--url-b") {
      o.urlB = value;
    } else if (arg == "--room") {
      o.room = value;
    } else if (arg == "--label") {
      o.label = value;
    } else if (arg == "--http-source") {
      o.httpSource = value;
    } else if (arg == "--viewers") {
      o.viewers = number();
    } else if (arg == "--control-viewers") {
      o.controlViewers = number();
    } else if (arg == "--commands") {
      o.commands = number();
    } else if (arg == "--interval-ms") {
      o.intervalMs = number();
    } else if (arg == "--rate") {
      o.rate = std::atof(value.c_str());
    } else if (arg == "--duration-s") {
      o.durationS = number();
    } else if (arg == "--settle-ms") {
      o.settleMs = number();
    } else if (arg == "--drain-ms") {
      o.drainMs = number();
    } else if (arg == "--connect-timeout-s") {
      o.connectTimeoutS = number();
    } else if (arg == "--payload-bytes") {
      o.payloadBytes = number();
    } else if (arg == "--connections") {
      o.connections = number();
    } else if (arg == "--hold-s") {
      o.holdS = number();
    } else if (arg == "--server-pid") {
      o.serverPid = number();
    } else if (arg == "--max-inflight") {
      o.maxInFlight = number();
    } else if (arg == "--media-url") {
      o.mediaUrl = value;
    } else if (arg == "--media-provider") {
      o.mediaProvider = value;
    } else if (arg == "--debug-texts") {
      o.debugTexts = number();
    } else if (arg == "--source-addrs") {
      o.sourceAddresses = number();
    } else {
      usage(argv[0]);
      return 2;
    }
  }
  try {
    const auto limit = streamit::bench::raiseFdLimit();
    const auto needed = static_cast<std::uint64_t>(
        (o.mode == "idle" ? o.connections : o.viewers + o.controlViewers + 1) + 16);
    if (limit < needed) {
      std::fprintf(stderr, "loadgen: RLIMIT_NOFILE %llu < %llu needed\n",
                   static_cast<unsigned long long>(limit), static_cast<unsigned long long>(needed));
      return 2;
    }
    if (o.mode == "idle") {
      return streamit::bench::runIdle(o);
    }
    if (o.mode == "latency" || o.mode == "crossnode") {
      return streamit::bench::runLatency(o);
    }
    usage(argv[0]);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "loadgen: %s\n", e.what());
    std::printf("{\"mode\":\"%s\",\"target\":\"%s\",\"label\":\"%s\",\"error\":\"setup failed\"}\n",
                o.mode.c_str(), o.target.c_str(), o.label.c_str());
    return 1;
  }
}
