#include "hub/bus_message.h"

#include <array>
#include <charconv>
#include <utility>

namespace streamit::hub {
namespace {

constexpr std::string_view kMagic = "sb1";

constexpr std::array<std::pair<BusKind, std::string_view>, 7> kKindNames = {{
    {BusKind::kPlayback, "playback"},
    {BusKind::kRoomState, "room_state"},
    {BusKind::kClose, "close"},
    {BusKind::kPresence, "presence"},
    {BusKind::kRebuilt, "rebuilt"},
    {BusKind::kChat, "chat"},
    {BusKind::kKick, "kick"},
}};

std::string_view kindName(BusKind kind) {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind)
      return name;
  }
  return "playback";
}

std::optional<BusKind> parseKind(std::string_view name) {
  for (const auto& [value, text] : kKindNames) {
    if (text == name)
      return value;
  }
  return std::nullopt;
}

// Splits off the next space-separated token of `rest`; nullopt when `rest` is empty.
std::optional<std::string_view> nextToken(std::string_view& rest) {
  if (rest.empty())
    return std::nullopt;
  const auto space = rest.find(' ');
  const std::string_view token = rest.substr(0, space);
  rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  if (token.empty())
    return std::nullopt;
  return token;
}

template <typename Int>
std::optional<Int> parseNumber(std::optional<std::string_view> token) {
  if (!token)
    return std::nullopt;
  Int value{};
  const auto* end = token->data() + token->size();
  const auto [ptr, ec] = std::from_chars(token->data(), end, value);
  if (ec != std::errc() || ptr != end)
    return std::nullopt;
  return value;
}

}  // namespace

std::string encodeBusMessage(const BusMessage& message) {
  std::string out;
  out.reserve(message.node.size() + message.payload.size() + 64);
  out.append(kMagic).append(" ").append(message.node).append(" ");
  out.append(kindName(message.kind)).append(" ");
  out.append(std::to_string(message.epoch)).append(" ");
  out.append(std::to_string(message.version)).append(" ");
  out.append(std::to_string(message.close_code)).append("\n");
  out.append(message.payload);
  return out;
}

std::optional<BusMessage> decodeBusMessage(std::string_view text) {
  const auto newline = text.find('\n');
  if (newline == std::string_view::npos)
    return std::nullopt;
  std::string_view header = text.substr(0, newline);
  if (nextToken(header) != kMagic)
    return std::nullopt;
  const auto node = nextToken(header);
  const auto kind = nextToken(header);
  const auto epoch = parseNumber<std::uint64_t>(nextToken(header));
  const auto version = parseNumber<std::uint64_t>(nextToken(header));
  const auto closeCode = parseNumber<int>(nextToken(header));
  if (!node || !kind || !epoch || !version || !closeCode || !header.empty())
    return std::nullopt;
  const auto parsedKind = parseKind(*kind);
  if (!parsedKind)
    return std::nullopt;
  return BusMessage{std::string(*node), *parsedKind, *epoch,
                    *version,           *closeCode,  std::string(text.substr(newline + 1))};
}

}  // namespace streamit::hub
