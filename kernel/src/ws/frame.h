#pragma once

#include <cstddef>
#include <cstdint>

namespace streamit::ws {

// RFC 6455 §5.2 opcodes; 3-7 and 11-15 are reserved and rejected by the parser.
enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Control frames carry at most 125 payload bytes and are never fragmented (§5.5).
inline constexpr std::size_t kMaxControlPayload = 125;

constexpr bool isControlOpcode(std::uint8_t opcode) {
  return (opcode & 0x8) != 0;
}

constexpr bool isKnownOpcode(std::uint8_t opcode) {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

}  // namespace streamit::ws
