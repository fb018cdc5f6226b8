// Header-only helpers for plugins that look at text one code point at a time (display names,
// chat moderation, config strings). Strict RFC 3629 decoding. Not part of the ABI.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace streamit::sdk {

// Decodes the code point starting at byte `i` of `s` and advances `i` past it. Returns nullopt
// and leaves `i` unchanged on anything that is not UTF-8: overlong forms, UTF-16 surrogates,
// values past U+10FFFF, truncated sequences, stray continuation bytes. `i` must be < s.size().
inline std::optional<char32_t> decodeUtf8(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
    min = 0x10000;
  } else {
    return std::nullopt;  // a continuation byte or 0xF8..0xFF where a sequence must start
  }
  if (i + length > s.size())
    return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char next = byte(i + k);
    if ((next & 0xC0) != 0x80)
      return std::nullopt;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return std::nullopt;
  i += length;
  return cp;
}

// Appends code point `cp` (at most U+10FFFF, not a surrogate) to `out` as UTF-8.
inline void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace streamit::sdk
