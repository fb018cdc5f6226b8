#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ws/utf8_validator.h"

namespace streamit::ws {

// What the parser hands to the connection. Messages are complete (fragments reassembled).
struct FrameEvent {
  enum class Type : std::uint8_t { kText, kBinary, kPing, kPong, kClose, kError };
  Type type = Type::kError;
  // kText/kBinary: the message; kPing/kPong: the payload; kClose: the reason (valid UTF-8).
  std::string payload;
  // kClose: the peer's code, or kCloseNoStatus (1005) if the frame had no payload.
  // kError: the code the server must close with (1002, 1007 or 1009).
  std::uint16_t code = 0;
  // kError only: a static description for logs (never sent to the peer verbatim).
  std::string_view detail;
};

// Incremental server-side RFC 6455 frame parser. Pure (no I/O): the connection's read loop
// feeds whatever bytes recv() returned, split anywhere, and acts on the events. It enforces
// everything a server must (client masking, no RSV bits since no extension is negotiated,
// reserved opcodes, control-frame rules, fragmentation order, UTF-8 of text and close reasons,
// close codes, the message size cap) and fails fast: a bad header is rejected before its
// payload is buffered and invalid UTF-8 on the byte it appears.
// After a kError event the parser is failed and ignores further input; after a kClose event
// it is closed and ignores further input too (RFC 6455 §5.5.1: nothing follows a close).
// Memory is bounded by maxMessageSize plus a 125-byte control buffer.
// Not thread-safe: owned by one connection on one I/O loop.
class FrameParser {
 public:
  enum class State : std::uint8_t { kOpen, kClosed, kFailed };

  explicit FrameParser(std::size_t maxMessageSize);

  // Consumes all of `bytes`, appending zero or more events to `events`. The last event of a
  // call may be kClose or kError, after which nothing more is produced.
  void feed(std::string_view bytes, std::vector<FrameEvent>& events);

  State state() const { return state_; }
  std::size_t maxMessageSize() const { return maxMessageSize_; }
  // Bytes of an incomplete message currently held (for memory accounting).
  std::size_t bufferedMessageBytes() const { return message_.size(); }

 private:
  enum class Step : std::uint8_t { kHeader, kPayload };

  // Each returns false after emitting a kError event.
  bool onFirstTwoBytes(std::vector<FrameEvent>& events);
  bool onLength(std::vector<FrameEvent>& events);
  void startPayload();
  bool consumePayload(std::string_view& bytes, std::vector<FrameEvent>& events);
  bool finishFrame(std::vector<FrameEvent>& events);
  bool finishClose(std::vector<FrameEvent>& events);
  void fail(std::uint16_t code, std::string_view detail, std::vector<FrameEvent>& events);

  std::size_t maxMessageSize_;
  State state_ = State::kOpen;
  Step step_ = Step::kHeader;

  // Header bytes gathered so far; 2 + up to 8 length bytes + 4 mask bytes.
  std::array<std::uint8_t, 14> header_{};
  std::size_t headerSize_ = 0;
  std::size_t headerNeeded_ = 2;

  // The frame being read.
  bool fin_ = false;
  std::uint8_t opcode_ = 0;
  std::uint64_t payloadLength_ = 0;
  std::uint64_t payloadRead_ = 0;
  std::array<std::uint8_t, 4> mask_{};

  // The data message being reassembled (opcode of its first frame) and the control payload.
  bool messageOpen_ = false;
  std::uint8_t messageOpcode_ = 0;
  std::string message_;
  std::string control_;
  Utf8Validator utf8_;
};

}  // namespace streamit::ws
