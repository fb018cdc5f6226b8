#pragma once

#include <cstdint>
#include <string_view>

namespace streamit::ws {

// Incremental UTF-8 validator (RFC 3629): feed a stream in arbitrary chunks. It rejects
// overlong forms, surrogates (U+D800-U+DFFF) and code points above U+10FFFF on the first byte
// that makes the stream impossible to complete, so a text frame can be failed before its tail
// arrives (Autobahn 6.x "fail fast"). Once invalid it stays invalid until reset().
// Not thread-safe; one per message being validated.
class Utf8Validator {
 public:
  // Returns valid() after consuming `bytes`.
  bool feed(std::string_view bytes);
  // No invalid byte seen so far (the stream may still end mid code point).
  bool valid() const { return state_ != State::kReject; }
  // Valid and not in the middle of a multi-byte sequence: the stream may end here.
  bool complete() const { return state_ == State::kAccept; }
  void reset() { state_ = State::kAccept; }

 private:
  // States name what the next byte must be; the restricted second-byte ranges are what
  // exclude overlongs (E0, F0), surrogates (ED) and values above U+10FFFF (F4).
  enum class State : std::uint8_t {
    kAccept,
    kReject,
    kTail1,     // one more 80..BF
    kTail2,     // two more 80..BF
    kTail3,     // three more 80..BF
    kE0Second,  // A0..BF then one tail
    kEDSecond,  // 80..9F then one tail
    kF0Second,  // 90..BF then two tails
    kF4Second,  // 80..8F then two tails
  };
  static State step(State state, std::uint8_t byte);

  State state_ = State::kAccept;
};

// Whole-buffer convenience: valid and complete.
bool isValidUtf8(std::string_view bytes);

}  // namespace streamit::ws
