#include "ws/frame_writer.h"

#include <stdexcept>

#include "ws/close_codes.h"

namespace streamit::ws {
namespace {

// A close payload is at most 125 bytes, two of which are the code.
constexpr std::size_t kMaxCloseReason = kMaxControlPayload - 2;

// Longest prefix of `text` not longer than `limit` that does not end inside a code point.
std::string_view truncateUtf8(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) {
    return text;
  }
  std::size_t cut = limit;
  // Back up over continuation bytes (10xxxxxx) so the lead byte starts the dropped part.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut);
}

}  // namespace

std::size_t frameHeaderSize(std::size_t payloadSize) {
  if (payloadSize < 126) {
    return 2;
  }
  return payloadSize <= 0xFFFF ? 4 : 10;
}

void appendFrame(std::string& out, Opcode opcode, std::string_view payload, bool fin) {
  const auto code = static_cast<std::uint8_t>(opcode);
  if (isControlOpcode(code) && (payload.size() > kMaxControlPayload || !fin)) {
    throw std::invalid_argument("control frame must be unfragmented with at most 125 bytes");
  }
  const std::size_t size = payload.size();
  out.reserve(out.size() + frameHeaderSize(size) + size);
  out.push_back(static_cast<char>((fin ? 0x80 : 0x00) | code));
  if (size < 126) {
    out.push_back(static_cast<char>(size));
  } else if (size <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>((size >> 8) & 0xFF));
    out.push_back(static_cast<char>(size & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    const auto wide = static_cast<std::uint64_t>(size);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((wide >> shift) & 0xFF));
    }
  }
  out.append(payload);
}

std::string encodeFrame(Opcode opcode, std::string_view payload, bool fin) {
  std::string out;
  appendFrame(out, opcode, payload, fin);
  return out;
}

std::string encodeText(std::string_view text) {
  return encodeFrame(Opcode::kText, text);
}

std::string encodeBinary(std::string_view data) {
  return encodeFrame(Opcode::kBinary, data);
}

std::string encodePing(std::string_view payload) {
  return encodeFrame(Opcode::kPing, payload);
}

std::string encodePong(std::string_view payload) {
  return encodeFrame(Opcode::kPong, payload);
}

std::string encodeClose() {
  return encodeFrame(Opcode::kClose, {});
}

std::string encodeClose(std::uint16_t code, std::string_view reason) {
  if (!isValidCloseCodeOnWire(code)) {
    throw std::invalid_argument("close code may not be sent on the wire");
  }
  std::string payload;
  payload.push_back(static_cast<char>((code >> 8) & 0xFF));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(truncateUtf8(reason, kMaxCloseReason));
  return encodeFrame(Opcode::kClose, payload);
}

SharedFrame encodeShared(Opcode opcode, std::string_view payload) {
  return std::make_shared<const std::string>(encodeFrame(opcode, payload));
}

}  // namespace streamit::ws
