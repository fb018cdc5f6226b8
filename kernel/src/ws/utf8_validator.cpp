#include "ws/utf8_validator.h"

#include <cstddef>
#include <cstring>

namespace streamit::ws {

Utf8Validator::State Utf8Validator::step(State state, std::uint8_t byte) {
  const bool tail = byte >= 0x80 && byte <= 0xBF;
  switch (state) {
    case State::kAccept:
      if (byte < 0x80) {
        return State::kAccept;
      }
      if (byte >= 0xC2 && byte <= 0xDF) {
        return State::kTail1;
      }
      if (byte == 0xE0) {
        return State::kE0Second;
      }
      if (byte == 0xED) {
        return State::kEDSecond;
      }
      if (byte >= 0xE1 && byte <= 0xEF) {
        return State::kTail2;
      }
      if (byte == 0xF0) {
        return State::kF0Second;
      }
      if (byte >= 0xF1 && byte <= 0xF3) {
        return State::kTail3;
      }
      if (byte == 0xF4) {
        return State::kF4Second;
      }
      // 80..BF without a lead, C0/C1 (always overlong), F5..FF (beyond U+10FFFF).
      return State::kReject;
    case State::kTail1:
      return tail ? State::kAccept : State::kReject;
    case State::kTail2:
      return tail ? State::kTail1 : State::kReject;
    case State::kTail3:
      return tail ? State::kTail2 : State::kReject;
    case State::kE0Second:
      return (byte >= 0xA0 && byte <= 0xBF) ? State::kTail1 : State::kReject;
    case State::kEDSecond:
      return (byte >= 0x80 && byte <= 0x9F) ? State::kTail1 : State::kReject;
    case State::kF0Second:
      return (byte >= 0x90 && byte <= 0xBF) ? State::kTail2 : State::kReject;
    case State::kF4Second:
      return (byte >= 0x80 && byte <= 0x8F) ? State::kTail2 : State::kReject;
    case State::kReject:
      break;
  }
  return State::kReject;
}

bool Utf8Validator::feed(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 0;
  while (i < size && state_ != State::kReject) {
    // Chat and JSON are mostly ASCII: skip 8 bytes at a time while between code points.
    if (state_ == State::kAccept) {
      while (i + 8 <= size) {
        std::uint64_t word;
        std::memcpy(&word, data + i, sizeof word);
        if ((word & 0x8080808080808080ULL) != 0) {
          break;
        }
        i += 8;
      }
      if (i == size) {
        break;
      }
    }
    state_ = step(state_, data[i]);
    ++i;
  }
  return valid();
}

bool isValidUtf8(std::string_view bytes) {
  Utf8Validator validator;
  validator.feed(bytes);
  return validator.complete();
}

}  // namespace streamit::ws
