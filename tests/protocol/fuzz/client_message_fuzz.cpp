// libFuzzer target for the client message decoder (TEST-PLAN T14, "message decoder"). Built
// as a fuzzer only with clang (target fuzz_protocol_client_message); the gtest suite
// test_protocol_fuzz_corpus links this same file and replays the corpus under gcc.
//
// The whole input is one WebSocket text message. Any violated invariant traps.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "protocol/client_message.h"
#include "ws/utf8_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using namespace streamit::protocol;

void require(bool condition) {
  if (!condition)
    __builtin_trap();
}

void checkAccepted(const ClientMessage& message) {
  if (message.id)
    require(!message.id->empty() && message.id->size() <= kMaxIdBytes);
  std::visit(
      [](const auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, ChatSend>) {
          require(streamit::ws::isValidUtf8(body.text));
          require(sanitizeChatText(body.text) == body.text);
          require(!body.text.empty() && countCodePoints(body.text) <= kMaxChatCodePoints);
        } else if constexpr (std::is_same_v<Body, TimePing>) {
          require(body.t0 >= 0.0 && body.t0 <= kMaxClientMs);
        } else if constexpr (std::is_same_v<Body, PlaybackReport>) {
          require(body.position_s >= 0.0 && body.position_s <= kMaxPositionS);
          require(body.client_ms >= 0.0 && body.client_ms <= kMaxClientMs);
        } else if constexpr (std::is_same_v<Body, SetSourceRequest>) {
          require(!body.provider.empty() && body.provider.size() <= kMaxLabelBytes);
          require(!body.ref.empty() && body.ref.size() <= kMaxRefBytes);
        }
      },
      message.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Two limit sets: the defaults, and tight ones so the size/depth paths are hit often.
  for (const DecodeLimits limits : {DecodeLimits{}, DecodeLimits{64, 2}}) {
    const DecodeResult result = decodeClientMessage(text, limits);
    if (const auto* message = std::get_if<ClientMessage>(&result)) {
      require(size <= limits.max_bytes);
      checkAccepted(*message);
    } else {
      require(!std::get<DecodeError>(result).message.empty());
    }
  }
  return 0;
}
