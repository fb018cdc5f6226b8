#include "playback/state_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

#include "util/json_escape.h"

namespace streamit::playback {
namespace {

void appendKey(std::string& out, std::string_view key) {
  out += '"';
  out += key;  // keys are our own ASCII identifiers
  out += "\":";
}

void appendString(std::string& out, std::string_view value) {
  out += '"';
  util::appendJsonEscaped(out, value);
  out += '"';
}

// Shortest form that reads back to the same value; states only hold finite numbers.
void appendNumber(std::string& out, std::int64_t value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void appendNumber(std::string& out, double value) {
  // Beyond 2^53 the shortest form can be a bare integer ("18446744073709551616"), which Poco
  // 1.11's parser reads as an (overflowing) integer: large magnitudes are written as exponents.
  constexpr double kLargestPlainInteger = 9007199254740992.0;  // 2^53
  const auto format = std::fabs(value) >= kLargestPlainInteger ? std::chars_format::scientific
                                                               : std::chars_format{};
  std::array<char, 32> buffer{};
  const auto result =
      format == std::chars_format{}
          ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value)
          : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format);
  out.append(buffer.data(), result.ptr);
}

void appendStringArray(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i != 0)
      out += ',';
    appendString(out, values[i]);
  }
  out += ']';
}

void appendSource(std::string& out, const PlaybackSource& source) {
  out += '{';
  appendKey(out, "provider");
  appendString(out, source.provider);
  out += ',';
  appendKey(out, "stream_id");
  appendString(out, source.stream_id);
  out += ',';
  appendKey(out, "kind");
  appendString(out, source.kind);
  out += ',';
  appendKey(out, "url");
  appendString(out, source.url);
  out += ',';
  appendKey(out, "embed_url");
  appendString(out, source.embed_url);
  out += ',';
  appendKey(out, "duration_s");
  if (source.duration_s)
    appendNumber(out, *source.duration_s);
  else
    out += "null";
  out += ',';
  appendKey(out, "qualities");
  appendStringArray(out, source.qualities);
  out += ',';
  appendKey(out, "subtitles");
  appendStringArray(out, source.subtitles);
  out += '}';
}

}  // namespace

void appendStateMembers(std::string& out, const PlaybackState& state) {
  // Versions stay far below 2^63; JSON integers beyond that would not survive most clients.
  appendKey(out, "epoch");
  appendNumber(out, static_cast<std::int64_t>(state.epoch));
  out += ',';
  appendKey(out, "version");
  appendNumber(out, static_cast<std::int64_t>(state.version));
  out += ',';
  appendKey(out, "status");
  appendString(out, toString(state.status));
  out += ',';
  appendKey(out, "position_s");
  appendNumber(out, state.position_s);
  out += ',';
  appendKey(out, "ref_server_ms");
  appendNumber(out, state.ref_server_ms);
  out += ',';
  appendKey(out, "rate");
  appendNumber(out, state.rate);
  out += ',';
  appendKey(out, "source");
  if (state.source)
    appendSource(out, *state.source);
  else
    out += "null";
  out += ',';
  appendKey(out, "quality");
  appendString(out, state.quality);
  out += ',';
  appendKey(out, "subtitle");
  if (state.subtitle)
    appendString(out, *state.subtitle);
  else
    out += "null";
}

}  // namespace streamit::playback
