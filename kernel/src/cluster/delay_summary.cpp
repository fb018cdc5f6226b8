#include "cluster/delay_summary.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace streamit::cluster {
namespace {

// Only decimal digits (no sign, no space), at most 18 of them so the value fits.
std::optional<std::int64_t> parseCount(std::string_view text) {
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

}  // namespace

std::string encodeDelaySummary(const DelaySummary& summary) {
  return std::to_string(summary.p90_ms) + "," + std::to_string(summary.samples) + "," +
         std::to_string(summary.written_ms);
}

std::optional<DelaySummary> decodeDelaySummary(std::string_view text) {
  std::array<std::int64_t, 3> fields{};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto comma = text.find(',');
    const bool last = i + 1 == fields.size();
    if (last != (comma == std::string_view::npos))
      return std::nullopt;
    const auto value = parseCount(text.substr(0, comma));
    if (!value)
      return std::nullopt;
    fields.at(i) = *value;
    text = last ? std::string_view{} : text.substr(comma + 1);
  }
  if (fields[1] < 1)
    return std::nullopt;
  return DelaySummary{fields[0], fields[1], fields[2]};
}

}  // namespace streamit::cluster
