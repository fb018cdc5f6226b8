#include "common/client_codec.h"

#include <cstddef>

namespace streamit::bench {

namespace {

constexpr std::uint64_t kMaxFrame = 16u * 1024 * 1024;

}  // namespace

void appendMaskedFrame(std::string& out, std::uint8_t opcode, std::string_view payload) {
  // A fixed, non-zero key: masking exists against proxy cache poisoning, which a loopback
  // benchmark cannot suffer; the server still has to unmask every byte.
  static constexpr unsigned char kMask[4] = {0x37, 0xfa, 0x21, 0x3d};
  out.push_back(static_cast<char>(0x80 | opcode));
  const std::size_t size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(0x80 | size));
  } else if (size <= 0xffff) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>((size >> 8) & 0xff));
    out.push_back(static_cast<char>(size & 0xff));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xff));
    }
  }
  out.append(reinterpret_cast<const char*>(kMask), 4);
  const std::size_t start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < size; ++i) {
    out[start + i] = static_cast<char>(static_cast<unsigned char>(out[start + i]) ^ kMask[i & 3]);
  }
}

bool ServerFrameReader::feed(std::string_view bytes, std::vector<ServerMessage>& out) {
  buffer_.append(bytes);
  std::size_t pos = 0;
  while (buffer_.size() - pos >= 2) {
    const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + pos);
    const bool fin = (p[0] & 0x80) != 0;
    const std::uint8_t opcode = p[0] & 0x0f;
    if ((p[1] & 0x80) != 0) {
      return false;
    }
    std::uint64_t length = p[1] & 0x7f;
    std::size_t header = 2;
    const std::size_t available = buffer_.size() - pos;
    if (length == 126) {
      if (available < 4) {
        break;
      }
      length = (static_cast<std::uint64_t>(p[2]) << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (available < 10) {
        break;
      }
      length = 0;
      for (int i = 0; i < 8; ++i) {
        length = (length << 8) | p[2 + i];
      }
      header = 10;
    }
    if (length > kMaxFrame) {
      return false;
    }
    if (available < header + length) {
      break;
    }
    const std::string_view payload(buffer_.data() + pos + header, length);
    pos += header + length;
    if (opcode >= 0x8) {
      out.push_back({opcode, std::string(payload)});
    } else if (opcode == 0x0) {
      fragments_.append(payload);
      if (fin) {
        out.push_back({fragmentOpcode_, std::move(fragments_)});
        fragments_.clear();
      }
    } else if (fin) {
      out.push_back({opcode, std::string(payload)});
    } else {
      fragmentOpcode_ = opcode;
      fragments_.assign(payload);
    }
  }
  buffer_.erase(0, pos);
  return true;
}

}  // namespace streamit::bench
