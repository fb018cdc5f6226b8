#include "gateway/connection.h"

#include "ws/close_codes.h"

namespace streamit::gateway {

std::uint16_t closeCodeForWire(std::uint16_t code) {
  if (code != ws::kCloseNoStatus && !ws::isValidCloseCodeOnWire(code))
    return ws::kCloseServerError;
  return code;
}

ws::SharedFrame closeFrame(std::uint16_t code, std::string_view reason) {
  code = closeCodeForWire(code);
  if (code == ws::kCloseNoStatus)
    return std::make_shared<const std::string>(ws::encodeClose());
  return std::make_shared<const std::string>(ws::encodeClose(code, reason));
}

}  // namespace streamit::gateway
