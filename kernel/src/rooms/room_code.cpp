#include "rooms/room_code.h"

#include <limits>
#include <stdexcept>

namespace streamit::rooms {
namespace {

constexpr std::uint64_t kAlphabetSize = kRoomCodeAlphabet.size();
constexpr std::uint64_t kMaxDraw = std::numeric_limits<std::uint64_t>::max();
// 2^64 mod size, computed without overflowing.
constexpr std::uint64_t kTailSize = (kMaxDraw % kAlphabetSize + 1) % kAlphabetSize;
// Draws above this are rejected so the accepted range [0, kLastAccepted] holds a whole number
// of alphabet-sized blocks and `draw % size` is exactly uniform. Rejected tail: 16 of 2^64.
constexpr std::uint64_t kLastAccepted = kMaxDraw - kTailSize;
// With a healthy source the chance of even 2 rejections in a row is ~2^-118; hitting this
// means the source is broken (e.g. stuck at UINT64_MAX).
constexpr int kMaxConsecutiveRejections = 64;

bool isAlphabetSymbol(char c) {
  return kRoomCodeAlphabet.find(c) != std::string_view::npos;
}

}  // namespace

std::size_t drawAlphabetIndex(const RandomSource& random) {
  for (int attempt = 0; attempt < kMaxConsecutiveRejections; ++attempt) {
    const std::uint64_t draw = random();
    if (draw <= kLastAccepted) {
      return static_cast<std::size_t>(draw % kAlphabetSize);
    }
  }
  throw std::runtime_error("room code random source keeps returning out-of-range values");
}

std::string generateRoomCode(const RandomSource& random) {
  std::string code;
  code.reserve(kRoomCodeLength);
  for (std::size_t i = 0; i < kRoomCodeLength; ++i) {
    code.push_back(kRoomCodeAlphabet[drawAlphabetIndex(random)]);
  }
  return code;
}

bool isValidRoomCode(std::string_view code) {
  if (code.size() != kRoomCodeLength) {
    return false;
  }
  for (const char c : code) {
    if (!isAlphabetSymbol(c)) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> normalizeRoomCode(std::string_view input) {
  std::string code(input);
  for (char& c : code) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  if (!isValidRoomCode(code)) {
    return std::nullopt;
  }
  return code;
}

}  // namespace streamit::rooms
