#pragma once

#include <cstdint>

namespace streamit::ws {

// Close codes we send (CONTRACT.md) plus the reserved ones the codec must recognise.
inline constexpr std::uint16_t kCloseNormal = 1000;
inline constexpr std::uint16_t kCloseGoingAway = 1001;
inline constexpr std::uint16_t kCloseProtocolError = 1002;
inline constexpr std::uint16_t kCloseUnsupportedData = 1003;
// Never on the wire: reported by the parser when a close frame carried no code.
inline constexpr std::uint16_t kCloseNoStatus = 1005;
// Never on the wire: what an application sees when the connection died without a close frame.
inline constexpr std::uint16_t kCloseAbnormal = 1006;
inline constexpr std::uint16_t kCloseInvalidPayload = 1007;
inline constexpr std::uint16_t kClosePolicyViolation = 1008;
inline constexpr std::uint16_t kCloseMessageTooBig = 1009;
inline constexpr std::uint16_t kCloseServerError = 1011;
inline constexpr std::uint16_t kCloseTryAgainLater = 1013;

// Whether a peer may put this code in a close frame (RFC 6455 §7.4 plus the IANA registry):
// 1000-1003 and 1007-1014 are assigned, 3000-3999 are registered, 4000-4999 are private use.
// 1004 is reserved, 1005/1006/1015 are local-only, everything else is unassigned.
constexpr bool isValidCloseCodeOnWire(std::uint16_t code) {
  if (code >= 1000 && code <= 1003) {
    return true;
  }
  if (code >= 1007 && code <= 1014) {
    return true;
  }
  return code >= 3000 && code <= 4999;
}

}  // namespace streamit::ws
