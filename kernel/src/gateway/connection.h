#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/gateway.h"
#include "gateway/outbound_queue.h"
#include "ws/frame_parser.h"
#include "ws/frame_writer.h"

namespace streamit::gateway {

// The code we send and report for a close: 1005 stays (answered with an empty close frame);
// any other code that may not go on the wire (an app bug) becomes 1011, so onClosed reports what
// the peer actually receives.
std::uint16_t closeCodeForWire(std::uint16_t code);
// Our close frame for `code` (after closeCodeForWire's mapping).
ws::SharedFrame closeFrame(std::uint16_t code, std::string_view reason);

// The close handshake of one connection (RFC 6455 §7), pure: the I/O loop reports events and
// performs what the answers say (shutdown, destroy). Why each step exists:
// - onClosed runs once, at the moment the connection stops being open;
// - our close frame must leave before shutdown(SHUT_WR), or the peer never sees it;
// - after that we keep reading (and discarding) until the peer's close or EOF, so closing never
//   resets a peer that still has data in flight; close_timeout_ms bounds the wait.
class CloseHandshake {
 public:
  bool isOpen() const { return phase_ == Phase::kOpen; }

  // We start closing (our decision, or echoing the peer's close). false when not open any
  // more (nothing to do). Our close frame is queued right after, so it counts as queued.
  bool begin(std::int64_t nowMs, std::int64_t timeoutMs) {
    if (!isOpen())
      return false;
    phase_ = Phase::kClosing;
    deadlineMs_ = nowMs + timeoutMs;
    closeQueued_ = true;
    return true;
  }
  // The socket failed: no handshake possible. true when it was open (report 1006 once).
  bool fail() {
    const bool wasOpen = isOpen();
    phase_ = Phase::kClosing;
    return wasOpen;
  }

  enum class PeerClose : std::uint8_t {
    kEcho,          // it was open: begin() with the peer's code
    kDestroy,       // both sides are done
    kWaitForQueue,  // our close frame is still being written; destroy once it has left
  };
  PeerClose onPeerClose(bool queueEmpty) {
    peerDone_ = true;
    if (isOpen())
      return PeerClose::kEcho;
    return queueEmpty ? PeerClose::kDestroy : PeerClose::kWaitForQueue;
  }

  enum class PeerEof : std::uint8_t {
    kFail,         // it was open: the peer vanished without a close frame (1006)
    kDestroy,      // both sides are done
    kStopReading,  // finish writing until the deadline; nothing more to read
  };
  PeerEof onPeerEof(bool queueEmpty) {
    if (isOpen())
      return PeerEof::kFail;
    peerDone_ = true;
    return queueEmpty ? PeerEof::kDestroy : PeerEof::kStopReading;
  }

  struct Drained {
    bool shutdownWrite = false;  // our close frame has left: half-close now (once)
    bool destroy = false;        // and the peer is done too
  };
  // The outbound queue has just been emptied.
  Drained onQueueDrained() {
    Drained result;
    if (closeQueued_ && !shutDown_) {
      shutDown_ = true;
      result.shutdownWrite = true;
    }
    result.destroy = !isOpen() && peerDone_;
    return result;
  }

  // Closing and out of time: drop the connection without waiting for the peer.
  bool expired(std::int64_t nowMs) const { return !isOpen() && nowMs >= deadlineMs_; }
  std::int64_t deadlineMs() const { return deadlineMs_; }

 private:
  enum class Phase : std::uint8_t { kOpen, kClosing };
  std::int64_t deadlineMs_ = 0;  // closing: drop at this time
  Phase phase_ = Phase::kOpen;
  bool closeQueued_ = false;  // our close frame is in the queue (or sent)
  bool shutDown_ = false;     // shutdown(SHUT_WR) done after our close frame left
  bool peerDone_ = false;     // the peer sent its close frame or EOF
};

// Per-connection state; kept small (docs/gateway.md): buffers are allocated only while used.
struct Connection {
  Connection(ConnectionId connectionId, int socketFd, std::unique_ptr<Session> appSession,
             std::size_t maxMessageBytes)
      : id(connectionId), session(std::move(appSession)), parser(maxMessageBytes), fd(socketFd) {}

  ConnectionId id;
  std::unique_ptr<Session> session;
  ws::FrameParser parser;
  OutboundQueue out;
  std::unique_ptr<std::vector<std::string>> groups;  // only while in a group (see Groups)
  std::int64_t lastSeenMs = 0;
  CloseHandshake close;
  int fd;  // -1 once destroyed
  bool writeArmed = false;
};

}  // namespace streamit::gateway
