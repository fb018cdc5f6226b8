#pragma once

// Builders and runners shared by the ws codec tests: client frames are built by hand here
// (not with the server writer) so the parser is checked against independent bytes.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ws/frame_parser.h"

namespace streamit::ws::testing {

enum class LengthForm { kMinimal, k16, k64 };

inline constexpr std::array<std::uint8_t, 4> kTestMask{0x37, 0xFA, 0x21, 0x3D};

// One client frame: `firstByte` is FIN|RSV|opcode exactly as on the wire.
inline std::string rawFrame(std::uint8_t firstByte, std::string_view payload, bool masked = true,
                            LengthForm form = LengthForm::kMinimal,
                            std::array<std::uint8_t, 4> mask = kTestMask) {
  std::string out;
  out.push_back(static_cast<char>(firstByte));
  const std::uint8_t maskBit = masked ? 0x80 : 0x00;
  const std::uint64_t size = payload.size();
  if (form == LengthForm::kMinimal && size < 126) {
    out.push_back(static_cast<char>(maskBit | size));
  } else if (form != LengthForm::k64 && size <= 0xFFFF) {
    out.push_back(static_cast<char>(maskBit | 126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xFF));
  } else {
    out.push_back(static_cast<char>(maskBit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((size >> shift) & 0xFF));
    }
  }
  if (masked) {
    for (const std::uint8_t byte : mask) {
      out.push_back(static_cast<char>(byte));
    }
  }
  for (std::size_t i = 0; i < payload.size(); ++i) {
    out.push_back(static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ mask[i % 4]));
  }
  return out;
}

inline std::string clientFrame(std::uint8_t opcode, std::string_view payload, bool fin = true) {
  return rawFrame(static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | opcode), payload);
}

inline std::string closePayload(std::uint16_t code, std::string_view reason = {}) {
  std::string out;
  out.push_back(static_cast<char>(code >> 8));
  out.push_back(static_cast<char>(code & 0xFF));
  out.append(reason);
  return out;
}

inline std::string patterned(std::size_t size, std::uint32_t seed = 1) {
  std::string out(size, '\0');
  std::mt19937 rng(seed);
  for (char& c : out) {
    c = static_cast<char>('a' + rng() % 26);
  }
  return out;
}

// Expected events. `detail` is only for logs and is not compared.
inline FrameEvent text(std::string payload) {
  return {FrameEvent::Type::kText, std::move(payload), 0, {}};
}
inline FrameEvent binary(std::string payload) {
  return {FrameEvent::Type::kBinary, std::move(payload), 0, {}};
}
inline FrameEvent ping(std::string payload) {
  return {FrameEvent::Type::kPing, std::move(payload), 0, {}};
}
inline FrameEvent pong(std::string payload) {
  return {FrameEvent::Type::kPong, std::move(payload), 0, {}};
}
inline FrameEvent closeEvent(std::uint16_t code, std::string reason = {}) {
  return {FrameEvent::Type::kClose, std::move(reason), code, {}};
}
inline FrameEvent error(std::uint16_t code) {
  return {FrameEvent::Type::kError, {}, code, {}};
}

inline std::vector<FrameEvent> feedWhole(std::string_view bytes, std::size_t maxMessage) {
  FrameParser parser(maxMessage);
  std::vector<FrameEvent> events;
  parser.feed(bytes, events);
  return events;
}

inline std::vector<FrameEvent> feedByteByByte(std::string_view bytes, std::size_t maxMessage) {
  FrameParser parser(maxMessage);
  std::vector<FrameEvent> events;
  for (const char c : bytes) {
    parser.feed(std::string_view(&c, 1), events);
  }
  return events;
}

inline std::vector<FrameEvent> feedRandomChunks(std::string_view bytes, std::size_t maxMessage,
                                                std::uint32_t seed) {
  FrameParser parser(maxMessage);
  std::vector<FrameEvent> events;
  std::mt19937 rng(seed);
  while (!bytes.empty()) {
    const std::size_t take = std::min<std::size_t>(bytes.size(), 1 + rng() % 300);
    parser.feed(bytes.substr(0, take), events);
    bytes.remove_prefix(take);
  }
  return events;
}

}  // namespace streamit::ws::testing

namespace streamit::ws {

inline bool operator==(const FrameEvent& a, const FrameEvent& b) {
  return a.type == b.type && a.payload == b.payload && a.code == b.code;
}

// Readable failures: long payloads are summarised by size and prefix.
inline void PrintTo(const FrameEvent& event, std::ostream* os) {
  static constexpr const char* kNames[] = {"text", "binary", "ping", "pong", "close", "error"};
  *os << kNames[static_cast<int>(event.type)] << "(";
  if (event.code != 0) {
    *os << event.code << ", ";
  }
  *os << event.payload.size() << " bytes";
  if (!event.payload.empty()) {
    *os << " \"" << event.payload.substr(0, 32) << (event.payload.size() > 32 ? "...\"" : "\"");
  }
  if (!event.detail.empty()) {
    *os << ", " << event.detail;
  }
  *os << ")";
}

}  // namespace streamit::ws
