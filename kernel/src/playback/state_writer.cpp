#include "playback/state_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include "util/json_escape.h"

namespace streamit::playback {
namespace {

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

// Writes `"key":` (with the comma before every member but the first) and hands back the
// string for the value.
class Members {
 public:
  explicit Members(std::string& out) : out_(out) {}
  std::string& operator[](std::string_view key) {
    if (!first_)
      out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;  // keys are our own ASCII identifiers
    out_ += "\":";
    return out_;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

template <typename T, typename Write>
void appendOptional(std::string& out, const std::optional<T>& value, Write write) {
  if (value)
    write(out, *value);
  else
    out += "null";
}

void appendSource(std::string& out, const PlaybackSource& source) {
  out += '{';
  Members member(out);
  appendString(member["provider"], source.provider);
  appendString(member["stream_id"], source.stream_id);
  appendString(member["kind"], source.kind);
  appendString(member["url"], source.url);
  appendString(member["embed_url"], source.embed_url);
  appendOptional(member["duration_s"], source.duration_s,
                 [](std::string& o, double v) { appendNumber(o, v); });
  appendStringArray(member["qualities"], source.qualities);
  appendStringArray(member["subtitles"], source.subtitles);
  out += '}';
}

}  // namespace

void appendStateMembers(std::string& out, const PlaybackState& state) {
  Members member(out);
  // Versions stay far below 2^63; JSON integers beyond that would not survive most clients.
  appendNumber(member["epoch"], static_cast<std::int64_t>(state.epoch));
  appendNumber(member["version"], static_cast<std::int64_t>(state.version));
  appendString(member["status"], toString(state.status));
  appendNumber(member["position_s"], state.position_s);
  appendNumber(member["ref_server_ms"], state.ref_server_ms);
  appendNumber(member["rate"], state.rate);
  appendOptional(member["source"], state.source, appendSource);
  appendString(member["quality"], state.quality);
  appendOptional(member["subtitle"], state.subtitle,
                 [](std::string& o, const std::string& v) { appendString(o, v); });
}

}  // namespace streamit::playback
