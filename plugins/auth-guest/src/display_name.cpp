#include "display_name.h"

#include <cstdint>
#include <optional>

#include "streamit/sdk/utf8.h"

namespace streamit::guest {
namespace {

constexpr auto decode = &sdk::decodeUtf8;

// Unicode White_Space: what a user typing a name means as "no character here".
bool isSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

bool isControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

NameRejection reject(const std::string& why) {
  return NameRejection{"display_name: " + why};
}

}  // namespace

std::vector<std::string> defaultReservedNames() {
  return {"admin", "host", "system", "streamit"};
}

std::string asciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::variant<std::string, NameRejection> checkDisplayName(
    std::string_view raw, const std::vector<std::string>& reservedNames) {
  struct Point {
    char32_t cp;
    std::size_t begin;
    std::size_t end;
  };
  std::vector<Point> points;
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t begin = i;
    const auto cp = decode(raw, i);
    if (!cp)
      return reject("must be valid UTF-8");
    points.push_back(Point{*cp, begin, i});
  }
  std::size_t first = 0;
  std::size_t last = points.size();
  while (first < last && isSpace(points[first].cp))
    ++first;
  while (last > first && isSpace(points[last - 1].cp))
    --last;
  if (first == last)
    return reject("must not be empty");
  if (last - first > kMaxDisplayNameCodePoints) {
    return reject("must be at most " + std::to_string(kMaxDisplayNameCodePoints) + " characters");
  }
  for (std::size_t k = first; k < last; ++k) {
    if (isControl(points[k].cp))
      return reject("must not contain control characters");
  }
  std::string name(raw.substr(points[first].begin, points[last - 1].end - points[first].begin));
  const std::string folded = asciiLower(name);
  for (const auto& reserved : reservedNames) {
    if (folded == asciiLower(reserved))
      return reject("'" + name + "' is reserved");
  }
  return name;
}

}  // namespace streamit::guest
