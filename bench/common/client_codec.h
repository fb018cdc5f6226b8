#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The client half of RFC 6455 for the load generator: masked outbound frames and a reader for
// the server's unmasked frames. The kernel's FrameParser is server-side (it requires masking),
// hence this small counterpart. Pure; not thread-safe per instance.
namespace streamit::bench {

// Appends one masked, unfragmented frame (opcode 0x1 text, 0x8 close, 0x9 ping, 0xA pong).
void appendMaskedFrame(std::string& out, std::uint8_t opcode, std::string_view payload);

struct ServerMessage {
  std::uint8_t opcode = 0;  // 0x1, 0x2, 0x8, 0x9, 0xA; fragments are reassembled
  std::string payload;
};

class ServerFrameReader {
 public:
  // Appends complete messages; returns false if the stream is malformed (masked server frame,
  // absurd length), after which the connection should be dropped.
  bool feed(std::string_view bytes, std::vector<ServerMessage>& out);

 private:
  std::string buffer_;
  std::string fragments_;
  std::uint8_t fragmentOpcode_ = 0;
};

}  // namespace streamit::bench
