#include "realtime/glob.h"

namespace streamit::realtime {
namespace {

// Matches one '[...]' class at pattern[p] (p points after '['); advances p past ']'.
bool matchClass(std::string_view pattern, std::size_t& p, char c) {
  bool negate = false;
  if (p < pattern.size() && pattern[p] == '^') {
    negate = true;
    ++p;
  }
  bool matched = false;
  while (p < pattern.size() && pattern[p] != ']') {
    if (pattern[p] == '\\' && p + 1 < pattern.size()) {
      ++p;
      if (pattern[p] == c)
        matched = true;
      ++p;
    } else if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
      char lo = pattern[p];
      char hi = pattern[p + 2];
      if (lo > hi)
        std::swap(lo, hi);
      if (c >= lo && c <= hi)
        matched = true;
      p += 3;
    } else {
      if (pattern[p] == c)
        matched = true;
      ++p;
    }
  }
  if (p < pattern.size())
    ++p;  // skip ']'
  return negate ? !matched : matched;
}

bool matchFrom(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t) {
  while (p < pattern.size()) {
    const char pc = pattern[p];
    if (pc == '*') {
      while (p < pattern.size() && pattern[p] == '*')
        ++p;
      if (p == pattern.size())
        return true;
      for (std::size_t i = t; i <= text.size(); ++i) {
        if (matchFrom(pattern, p, text, i))
          return true;
      }
      return false;
    }
    if (t >= text.size())
      return false;
    if (pc == '?') {
      ++p;
    } else if (pc == '[') {
      ++p;
      if (!matchClass(pattern, p, text[t]))
        return false;
    } else if (pc == '\\' && p + 1 < pattern.size()) {
      if (pattern[p + 1] != text[t])
        return false;
      p += 2;
    } else {
      if (pc != text[t])
        return false;
      ++p;
    }
    ++t;
  }
  return t == text.size();
}

}  // namespace

bool globMatch(std::string_view pattern, std::string_view text) {
  return matchFrom(pattern, 0, text, 0);
}

std::string globEscape(std::string_view literal) {
  std::string out;
  out.reserve(literal.size());
  for (char c : literal) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

}  // namespace streamit::realtime
