#include "gateway/ping_stamp.h"

#include <algorithm>
#include <memory>

namespace streamit::gateway {

std::string encodePingStamp(std::int64_t sentUs) {
  std::string payload(kPingStampBytes, '\0');
  auto value = static_cast<std::uint64_t>(sentUs);
  for (std::size_t i = kPingStampBytes; i-- > 0; value >>= 8U)
    payload[i] = static_cast<char>(value & 0xFFU);
  return payload;
}

std::optional<std::int64_t> decodePingStamp(std::string_view payload) {
  if (payload.size() != kPingStampBytes)
    return std::nullopt;
  std::uint64_t value = 0;
  for (const char byte : payload)
    value = (value << 8U) | static_cast<unsigned char>(byte);
  return static_cast<std::int64_t>(value);
}

std::optional<std::int64_t> roundTripUs(std::string_view pongPayload, std::int64_t nowUs,
                                        std::int64_t heartbeatIntervalMs) {
  const auto sentUs = decodePingStamp(pongPayload);
  if (!sentUs)
    return std::nullopt;
  const std::int64_t rttUs = nowUs - *sentUs;
  const std::int64_t maxUs = 2 * std::max<std::int64_t>(heartbeatIntervalMs, kMaxProbeMs) * 1000;
  if (rttUs < 0 || rttUs > maxUs)
    return std::nullopt;
  return rttUs;
}

ws::SharedFrame stampedPing(std::int64_t sentUs) {
  return std::make_shared<const std::string>(ws::encodePing(encodePingStamp(sentUs)));
}

}  // namespace streamit::gateway
