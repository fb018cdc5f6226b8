// libFuzzer target for the WebSocket frame parser (T14). Built as a fuzzer only with clang;
// the gtest suite links this same file and replays the corpus through the entry point, so CI
// checks every corpus input without clang.
//
// Input layout: byte 0 picks the message size limit, byte 1 seeds the chunking, the rest is
// the client byte stream. Any violated invariant aborts (a "crash" to libFuzzer).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "ws/close_codes.h"
#include "ws/frame.h"
#include "ws/frame_parser.h"
#include "ws/utf8_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using streamit::ws::FrameEvent;
using streamit::ws::FrameParser;

// Small limits make the 1009 paths reachable from short inputs.
constexpr std::size_t kLimits[] = {0, 1, 2, 16, 125, 126, 1000, 65536};

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

std::vector<FrameEvent> run(std::string_view stream, std::size_t limit, std::uint8_t seed) {
  FrameParser parser(limit);
  std::vector<FrameEvent> events;
  if (seed == 0) {
    parser.feed(stream, events);
    return events;
  }
  // Deterministic chunk sizes 1..seed derived from the seed: no RNG state to reproduce.
  std::size_t step = 0;
  while (!stream.empty()) {
    const std::size_t take =
        std::min<std::size_t>(stream.size(), 1 + (step * 7 + seed) % (seed + 1u));
    parser.feed(stream.substr(0, take), events);
    stream.remove_prefix(take);
    ++step;
  }
  return events;
}

bool sameEvents(const std::vector<FrameEvent>& a, const std::vector<FrameEvent>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].payload != b[i].payload || a[i].code != b[i].code) {
      return false;
    }
  }
  return true;
}

void checkInvariants(const std::vector<FrameEvent>& events, std::size_t limit) {
  using Type = FrameEvent::Type;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const FrameEvent& event = events[i];
    switch (event.type) {
      case Type::kText:
        require(streamit::ws::isValidUtf8(event.payload));
        [[fallthrough]];
      case Type::kBinary:
        require(event.payload.size() <= limit);
        break;
      case Type::kPing:
      case Type::kPong:
        require(event.payload.size() <= streamit::ws::kMaxControlPayload);
        break;
      case Type::kClose:
        require(i + 1 == events.size());
        require(event.payload.size() <= streamit::ws::kMaxControlPayload - 2);
        require(streamit::ws::isValidUtf8(event.payload));
        require(event.code == streamit::ws::kCloseNoStatus ||
                streamit::ws::isValidCloseCodeOnWire(event.code));
        break;
      case Type::kError:
        require(i + 1 == events.size());
        require(event.code == streamit::ws::kCloseProtocolError ||
                event.code == streamit::ws::kCloseInvalidPayload ||
                event.code == streamit::ws::kCloseMessageTooBig);
        require(!event.detail.empty());
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  const std::size_t limit = kLimits[data[0] % std::size(kLimits)];
  const std::uint8_t seed = data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  const std::vector<FrameEvent> whole = run(stream, limit, 0);
  checkInvariants(whole, limit);
  // However the bytes are split, the parser must see exactly the same events.
  require(sameEvents(whole, run(stream, limit, seed == 0 ? 1 : seed)));
  require(sameEvents(whole, run(stream, limit, 1)));
  return 0;
}
