#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ws/frame.h"

namespace streamit::ws {

// Server-to-client frames (RFC 6455 §5.2): never masked, minimal length encoding.
// All functions are pure and thread-safe.

// Appends one frame to `out` (the connection's outbound buffer), avoiding a temporary.
// Throws std::invalid_argument for a control payload over 125 bytes or a fragmented control
// frame: both are programming errors, not peer input.
void appendFrame(std::string& out, Opcode opcode, std::string_view payload, bool fin = true);

std::string encodeFrame(Opcode opcode, std::string_view payload, bool fin = true);
std::string encodeText(std::string_view text);
std::string encodeBinary(std::string_view data);
std::string encodePing(std::string_view payload);
std::string encodePong(std::string_view payload);
// A close frame with no payload (the reply to a peer close that carried no code).
std::string encodeClose();
// A close frame with a code and reason. The reason is cut to the 123 bytes that fit, at a
// code point boundary, so callers can pass any message. Throws std::invalid_argument if the
// code may not appear on the wire (isValidCloseCodeOnWire).
std::string encodeClose(std::uint16_t code, std::string_view reason = {});

// Fan-out: the frame is encoded once and the same immutable bytes are queued on every
// recipient's connection. Shared ownership keeps it alive until the last partial write ends.
using SharedFrame = std::shared_ptr<const std::string>;
SharedFrame encodeShared(Opcode opcode, std::string_view payload);

// Bytes the frame header will take for a payload of this size (2, 4 or 10).
std::size_t frameHeaderSize(std::size_t payloadSize);

}  // namespace streamit::ws
