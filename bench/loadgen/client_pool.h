#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/client_codec.h"

// Many WebSocket client connections on one epoll loop, opened with a bounded number of
// handshakes in flight. Answers pings and closes itself; hands text messages to a callback
// with the time the bytes were read. Single-threaded: everything runs inside run().
namespace streamit::bench {

struct Endpoint {
  std::string host;  // IPv4 literal
  std::uint16_t port = 0;
  std::string path;           // request target incl. query
  std::string authorization;  // full header value ("Bearer ..."), empty: none
};

class ClientPool {
 public:
  enum class State : std::uint8_t { kIdle, kConnecting, kHandshaking, kOpen, kClosed };

  // Called for each text message: connection id, payload, receive time (nowNs()).
  using OnText = std::function<void(std::size_t id, std::string_view text, std::int64_t atNs)>;

  ClientPool(std::size_t maxInFlight, int sourceAddresses);
  ~ClientPool();
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  void setOnText(OnText onText) { onText_ = std::move(onText); }

  // Adds a connection to open; returns its id (dense, from 0).
  std::size_t add(const Endpoint& endpoint);

  // Processes I/O for up to `timeoutMs` (0: only what is ready), starting pending connects.
  void poll(int timeoutMs);

  bool sendText(std::size_t id, std::string_view text);

  State state(std::size_t id) const;
  std::size_t openCount() const { return open_; }
  std::size_t closedCount() const { return closed_; }
  std::size_t pendingCount() const;  // not yet open and not closed
  std::size_t size() const { return conns_.size(); }
  // Human-readable reasons for the first few failures.
  const std::vector<std::string>& failures() const { return failures_; }
  std::uint64_t pingsAnswered() const { return pings_; }

 private:
  struct Conn;
  void startConnect(Conn& conn);
  void onEvent(Conn& conn, std::uint32_t events);
  bool readAll(Conn& conn);
  bool flush(Conn& conn);
  void updateInterest(Conn& conn);
  void fail(Conn& conn, const std::string& why);

  std::size_t maxInFlight_;
  int sourceAddresses_;
  int epoll_ = -1;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::size_t nextToStart_ = 0;
  std::size_t inFlight_ = 0;
  std::size_t open_ = 0;
  std::size_t closed_ = 0;
  std::uint64_t pings_ = 0;
  std::vector<std::string> failures_;
  OnText onText_;
  std::vector<ServerMessage> messages_;
};

}  // namespace streamit::bench
