#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/registry.h"
#include "ws/frame_writer.h"

namespace streamit::gateway {

// Unique per process, never reused, never 0 (0 is what adopt() returns when it refused).
using ConnectionId = std::uint64_t;

// App data attached to a connection; destroyed on the connection's loop after onClosed.
struct Session {
  virtual ~Session() = default;
};

// Implemented by the app. ALL calls for one connection happen on that connection's loop thread
// and must not block (post slow work elsewhere). Calling back into the Gateway from here is fine.
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  virtual void onOpen(ConnectionId id, Session& session) = 0;
  // A complete, valid UTF-8 text message.
  virtual void onText(ConnectionId id, Session& session, std::string_view text) = 0;
  // Exactly once per opened connection, whatever the cause, at the moment it stops being open
  // (the close handshake may still be running; send() already returns false):
  //   peer close → the peer's code (1005 if none); protocol error → 1002/1007/1009/1003;
  //   heartbeat timeout → 1011; slow consumer → 1013; close()/closeGroup() → the given code;
  //   stop() → 1001; the socket failed or was reset without a close frame → 1006.
  virtual void onClosed(ConnectionId id, Session& session, std::uint16_t code,
                        std::string_view reason) = 0;
  // A round trip measured by one of the gateway's pings (sent at open when probe_rtt_on_open,
  // then every heartbeat interval): ping sent → its pong read, in microseconds.
  virtual void onRoundTrip(ConnectionId /*id*/, Session& /*session*/, std::int64_t /*rttUs*/) {}
};

struct GatewayConfig {
  int io_threads = 0;                        // 0 = std::thread::hardware_concurrency()
  std::size_t max_message_bytes = 65536;     // reassembled message cap → close 1009
  std::size_t max_outbound_bytes = 1 << 20;  // per-connection queued bytes cap → close 1013
  // Ping period; <= 0 disables. A peer silent for 1.5 intervals (checked every half interval,
  // so within 2 intervals of its last byte) is closed with 1011.
  std::int64_t heartbeat_interval_ms = 15000;
  std::int64_t close_timeout_ms = 2000;  // after our close frame, wait this long then drop
  // Ping every new connection at once, so onRoundTrip has a sample before the first
  // heartbeat (the room's playback lead is derived from these, docs/realtime.md).
  bool probe_rtt_on_open = false;
};

// WebSocket connections on K epoll I/O loops (docs/gateway.md). Thread-safe.
class Gateway {
 public:
  Gateway(GatewayConfig config, ConnectionHandler& handler, metrics::Registry& metrics);
  ~Gateway();  // stops
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Raises RLIMIT_NOFILE to its hard limit (once per process) and starts the loops.
  void start();
  // Closes every connection with 1001, waits up to close_timeout_ms for the handshakes, joins
  // the threads. Idempotent. onClosed has run for every opened connection when it returns.
  void stop();

  // Any thread. Takes ownership of `fd` in every case (an already upgraded socket: the 101 has
  // been sent), sets O_NONBLOCK and TCP_NODELAY, picks the least-loaded loop and calls onOpen
  // there. Returns 0 (and closes fd) when the gateway is not running.
  ConnectionId adopt(int fd, std::unique_ptr<Session> session);

  // Any thread. Queues the frame (encoded once, shared bytes); false when the id is unknown or
  // the connection is closing. Passing max_outbound_bytes closes the connection with 1013.
  bool send(ConnectionId id, ws::SharedFrame frame);
  // Any thread. Starts the close handshake with `code` (must be valid on the wire).
  void close(ConnectionId id, std::uint16_t code, std::string reason);

  // Groups (e.g. a room). Membership lives on the loop owning the connection; broadcast and
  // closeGroup post one task per loop, which writes the same shared bytes to its members.
  void join(ConnectionId id, std::string group);
  void leave(ConnectionId id, const std::string& group);
  void broadcast(const std::string& group, const ws::SharedFrame& frame);
  void closeGroup(const std::string& group, std::uint16_t code, const std::string& reason);

  std::size_t connectionCount() const;

  // sizeof the per-connection state (docs/gateway.md, memory budget).
  static std::size_t connectionStateSize();

  class Loop;  // implementation detail (gateway.cpp)

 private:
  Loop* loopFor(ConnectionId id) const;

  GatewayConfig config_;
  ConnectionHandler& handler_;
  metrics::Registry& metrics_;
  std::vector<std::unique_ptr<Loop>> loops_;
  std::atomic<bool> running_{false};
  std::atomic<std::size_t> connections_{0};
};

}  // namespace streamit::gateway
