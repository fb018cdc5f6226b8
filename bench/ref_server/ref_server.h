#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// The "best plain C" baseline the kernel is measured against: epoll, non-blocking sockets,
// TCP_NODELAY, MSG_NOSIGNAL, one encoded frame shared by every recipient, a per-connection
// output queue. Semantics: any path upgrades; a text message from a connection whose query has
// role=host goes to every other connection with the same room=<x>. Nothing else (no auth, no
// state, no JSON) so the numbers are the cost of the I/O alone. A plain HTTP request (no
// upgrade) gets an empty "video/mp4" 200: the media stub the kernel benchmark's room plays.
namespace streamit::bench {

struct RefServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int threads = 1;  // >1: SO_REUSEPORT listeners, rooms fanned out through per-thread inboxes
  std::size_t maxQueuedBytes = 64u * 1024 * 1024;  // a viewer queuing more is dropped
};

class Worker;

class RefServer {
 public:
  explicit RefServer(RefServerOptions options);
  ~RefServer();
  RefServer(const RefServer&) = delete;
  RefServer& operator=(const RefServer&) = delete;

  std::uint16_t port() const { return port_; }
  // Runs the workers until the process is signalled; never returns normally.
  void run();

 private:
  RefServerOptions options_;
  std::uint16_t port_ = 0;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace streamit::bench
