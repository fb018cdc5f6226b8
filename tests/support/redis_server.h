#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "support/process.h"

namespace streamit::testing {

// A private redis-server (binary from PATH) on a free loopback port, for fault tests that
// kill, restart or freeze Redis. No persistence; the port stays the same across restarts so
// clients can reconnect. Always killed by PID on destruction (after SIGCONT if paused).
class RedisServer {
 public:
  RedisServer();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts the server and waits until it accepts connections; throws on failure.
  void start();
  // SIGTERM and wait.
  void stop();
  // SIGKILL: an abrupt crash.
  void kill();
  // kill() then start() on the same port.
  void restart();
  // SIGSTOP / SIGCONT: the server keeps its sockets open but stops answering.
  void pause();
  void resume();

  bool running();
  int port() const { return port_; }
  std::string host() const { return "127.0.0.1"; }
  std::string log() const;

  // Whether redis-server is on PATH (fault tests skip or fail based on serversRequired()).
  static bool available();

 private:
  TempDir dir_;
  int port_;
  bool paused_ = false;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace streamit::testing
