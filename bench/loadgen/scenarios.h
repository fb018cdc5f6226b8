#pragma once

#include <cstdint>
#include <string>

// The benchmark scenarios. Each prints one JSON line on stdout and a human summary on stderr,
// and returns the process exit code (0 when nothing failed).
namespace streamit::bench {

struct LoadOptions {
  std::string mode = "latency";                // latency | idle | crossnode
  std::string target = "ref";                  // ref | node | kernel
  std::string url = "ws://127.0.0.1:9001/ws";  // kernel: http://host:port
  std::string urlB;                            // crossnode: the second node
  std::string room;                            // ref/node room name; default bench-<pid>
  std::string label;                           // copied into the JSON line
  std::string httpSource;  // kernel REST source address; default 127.0.0.<2 + pid % 250>
  int viewers = 100;
  int controlViewers = 20;  // crossnode: viewers on the host's node, the same-node baseline
  int commands = 200;
  int intervalMs = 20;
  double rate = 0;  // >0: steady rate (events/s) for durationS instead of commands/intervalMs
  int durationS = 10;
  int settleMs = 1000;
  int drainMs = 3000;
  int connectTimeoutS = 120;
  int payloadBytes = 100;  // ref/node: padding so frames are about the kernel's size
  int connections = 1000;  // idle
  int holdS = 5;           // idle
  int serverPid = 0;       // idle: read /proc/<pid>/status before and after
  int maxInFlight = 256;   // concurrent handshakes
  int sourceAddresses = 1;
  int debugTexts = 0;
  // kernel: the source the host sets before seeking (provider.direct must accept it; run.sh
  // serves an empty MP4 from the reference server and allows loopback in the plugin).
  std::string mediaUrl;
  std::string mediaProvider =
      "provider.direct";  // print the first N texts the host and the first viewer receive
};

int runLatency(const LoadOptions& options);  // also crossnode
int runIdle(const LoadOptions& options);

}  // namespace streamit::bench
