#include "ws/frame_parser.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "ws/close_codes.h"
#include "ws/frame.h"

namespace streamit::ws {
namespace {

constexpr std::size_t kMaskKeySize = 4;

// XORs a run of payload bytes with the 4-byte key, starting `phase` bytes into the key.
// Works 8 bytes at a time: the key repeats every 4 bytes, so a rotated 8-byte copy of it lines
// up with every aligned 8-byte step of the run.
void unmask(char* data, std::size_t size, const std::array<std::uint8_t, 4>& key,
            std::size_t phase) {
  std::array<std::uint8_t, 8> rotated{};
  for (std::size_t j = 0; j < rotated.size(); ++j) {
    rotated[j] = key[(phase + j) & 3];
  }
  std::uint64_t word = 0;
  std::memcpy(&word, rotated.data(), sizeof word);
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t chunk = 0;
    std::memcpy(&chunk, data + i, sizeof chunk);
    chunk ^= word;
    std::memcpy(data + i, &chunk, sizeof chunk);
  }
  for (; i < size; ++i) {
    data[i] = static_cast<char>(static_cast<std::uint8_t>(data[i]) ^ rotated[i & 7]);
  }
}

std::uint64_t readBigEndian(const std::uint8_t* bytes, std::size_t count) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    value = (value << 8) | bytes[i];
  }
  return value;
}

}  // namespace

FrameParser::FrameParser(std::size_t maxMessageSize) : maxMessageSize_(maxMessageSize) {}

void FrameParser::feed(std::string_view bytes, std::vector<FrameEvent>& events) {
  while (state_ == State::kOpen && !bytes.empty()) {
    if (step_ == Step::kPayload) {
      if (!consumePayload(bytes, events)) {
        return;
      }
      continue;
    }
    const std::size_t take = std::min(headerNeeded_ - headerSize_, bytes.size());
    std::memcpy(header_.data() + headerSize_, bytes.data(), take);
    headerSize_ += take;
    bytes.remove_prefix(take);
    if (headerSize_ < headerNeeded_) {
      return;
    }
    // The header is validated in stages so a bad frame fails as soon as its fault is visible.
    if (headerSize_ == 2) {
      if (!onFirstTwoBytes(events)) {
        return;
      }
      if (headerNeeded_ > 2) {
        continue;  // extended length or mask key still to come
      }
    }
    const std::uint8_t length7 = header_[1] & 0x7F;
    const std::size_t lengthBytes = length7 == 126 ? 2 : (length7 == 127 ? 8 : 0);
    if (headerSize_ == 2 + lengthBytes && headerNeeded_ == 2 + lengthBytes) {
      if (!onLength(events)) {
        return;
      }
      headerNeeded_ += kMaskKeySize;
      continue;
    }
    std::memcpy(mask_.data(), header_.data() + headerSize_ - kMaskKeySize, kMaskKeySize);
    startPayload();
    if (payloadLength_ == 0 && !finishFrame(events)) {
      return;
    }
  }
}

bool FrameParser::onFirstTwoBytes(std::vector<FrameEvent>& events) {
  const std::uint8_t first = header_[0];
  const std::uint8_t second = header_[1];
  fin_ = (first & 0x80) != 0;
  opcode_ = first & 0x0F;
  const std::uint8_t length7 = second & 0x7F;
  if ((first & 0x70) != 0) {
    fail(kCloseProtocolError, "RSV bits set without a negotiated extension", events);
    return false;
  }
  if (!isKnownOpcode(opcode_)) {
    fail(kCloseProtocolError, "reserved opcode", events);
    return false;
  }
  if (isControlOpcode(opcode_)) {
    if (!fin_) {
      fail(kCloseProtocolError, "fragmented control frame", events);
      return false;
    }
    if (length7 > kMaxControlPayload) {
      fail(kCloseProtocolError, "control frame payload over 125 bytes", events);
      return false;
    }
  } else if (opcode_ == static_cast<std::uint8_t>(Opcode::kContinuation)) {
    if (!messageOpen_) {
      fail(kCloseProtocolError, "continuation frame without a message in progress", events);
      return false;
    }
  } else if (messageOpen_) {
    fail(kCloseProtocolError, "new data frame while a fragmented message is open", events);
    return false;
  }
  if ((second & 0x80) == 0) {
    fail(kCloseProtocolError, "unmasked client frame", events);
    return false;
  }
  headerNeeded_ = 2 + (length7 == 126 ? 2 : (length7 == 127 ? 8 : 0));
  return true;
}

bool FrameParser::onLength(std::vector<FrameEvent>& events) {
  const std::uint8_t length7 = header_[1] & 0x7F;
  if (length7 == 126) {
    payloadLength_ = readBigEndian(header_.data() + 2, 2);
  } else if (length7 == 127) {
    payloadLength_ = readBigEndian(header_.data() + 2, 8);
    if ((payloadLength_ >> 63) != 0) {
      fail(kCloseProtocolError, "64-bit payload length with the most significant bit set", events);
      return false;
    }
  } else {
    payloadLength_ = length7;
  }
  // Checked on the declared length so an oversized message is refused before it is buffered.
  if (!isControlOpcode(opcode_)) {
    const std::size_t already =
        opcode_ == static_cast<std::uint8_t>(Opcode::kContinuation) ? message_.size() : 0;
    if (payloadLength_ > maxMessageSize_ - already) {
      fail(kCloseMessageTooBig, "message exceeds the maximum message size", events);
      return false;
    }
  }
  return true;
}

void FrameParser::startPayload() {
  step_ = Step::kPayload;
  payloadRead_ = 0;
  if (isControlOpcode(opcode_)) {
    control_.clear();
  } else if (opcode_ != static_cast<std::uint8_t>(Opcode::kContinuation)) {
    messageOpen_ = true;
    messageOpcode_ = opcode_;
    message_.clear();
    utf8_.reset();
  }
}

bool FrameParser::consumePayload(std::string_view& bytes, std::vector<FrameEvent>& events) {
  const std::uint64_t remaining = payloadLength_ - payloadRead_;
  const std::size_t take =
      static_cast<std::size_t>(std::min<std::uint64_t>(remaining, bytes.size()));
  std::string& target = isControlOpcode(opcode_) ? control_ : message_;
  const std::size_t offset = target.size();
  target.append(bytes.data(), take);
  unmask(target.data() + offset, take, mask_, static_cast<std::size_t>(payloadRead_ & 3));
  payloadRead_ += take;
  bytes.remove_prefix(take);
  // Validated as it arrives so a bad byte fails the connection without waiting for the rest.
  if (!isControlOpcode(opcode_) && messageOpcode_ == static_cast<std::uint8_t>(Opcode::kText) &&
      !utf8_.feed(std::string_view(target.data() + offset, take))) {
    fail(kCloseInvalidPayload, "invalid UTF-8 in a text message", events);
    return false;
  }
  if (payloadRead_ == payloadLength_) {
    return finishFrame(events);
  }
  return true;
}

bool FrameParser::finishFrame(std::vector<FrameEvent>& events) {
  step_ = Step::kHeader;
  headerSize_ = 0;
  headerNeeded_ = 2;
  switch (static_cast<Opcode>(opcode_)) {
    case Opcode::kPing:
      events.push_back({FrameEvent::Type::kPing, control_, 0, {}});
      return true;
    case Opcode::kPong:
      events.push_back({FrameEvent::Type::kPong, control_, 0, {}});
      return true;
    case Opcode::kClose:
      return finishClose(events);
    case Opcode::kContinuation:
    case Opcode::kText:
    case Opcode::kBinary:
      break;
  }
  if (!fin_) {
    return true;
  }
  const bool text = messageOpcode_ == static_cast<std::uint8_t>(Opcode::kText);
  if (text && !utf8_.complete()) {
    fail(kCloseInvalidPayload, "text message ends inside a UTF-8 sequence", events);
    return false;
  }
  events.push_back(
      {text ? FrameEvent::Type::kText : FrameEvent::Type::kBinary, std::move(message_), 0, {}});
  message_.clear();
  messageOpen_ = false;
  return true;
}

bool FrameParser::finishClose(std::vector<FrameEvent>& events) {
  if (control_.empty()) {
    events.push_back({FrameEvent::Type::kClose, {}, kCloseNoStatus, {}});
    state_ = State::kClosed;
    return true;
  }
  if (control_.size() == 1) {
    fail(kCloseProtocolError, "close payload of 1 byte", events);
    return false;
  }
  const auto code = static_cast<std::uint16_t>(
      readBigEndian(reinterpret_cast<const std::uint8_t*>(control_.data()), 2));
  if (!isValidCloseCodeOnWire(code)) {
    fail(kCloseProtocolError, "invalid close code", events);
    return false;
  }
  std::string_view reason(control_);
  reason.remove_prefix(2);
  if (!isValidUtf8(reason)) {
    fail(kCloseInvalidPayload, "invalid UTF-8 in a close reason", events);
    return false;
  }
  events.push_back({FrameEvent::Type::kClose, std::string(reason), code, {}});
  state_ = State::kClosed;
  return true;
}

void FrameParser::fail(std::uint16_t code, std::string_view detail,
                       std::vector<FrameEvent>& events) {
  events.push_back({FrameEvent::Type::kError, {}, code, detail});
  state_ = State::kFailed;
  // A failed connection is about to be closed; don't keep a large partial message alive.
  std::string().swap(message_);
  messageOpen_ = false;
}

}  // namespace streamit::ws
