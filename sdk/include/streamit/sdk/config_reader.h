// Header-only helper for plugins: reads top-level scalar values from the instance's config
// JSON (already validated by the kernel against the plugin's schema). Nested values are
// skipped, not parsed. Not part of the ABI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace streamit::sdk {

class ConfigReader {
 public:
  explicit ConfigReader(std::string_view json) : json_(json) {}

  // The decoded string value of top-level `key`, or nullopt when absent / not a string.
  std::optional<std::string> string(std::string_view key) const {
    auto raw = find(key);
    if (!raw || raw->empty() || (*raw)[0] != '"')
      return std::nullopt;
    return decode(*raw);
  }
  // The number / true / false / null token of top-level `key`, verbatim.
  std::optional<std::string> scalar(std::string_view key) const {
    auto raw = find(key);
    if (!raw || raw->empty() || (*raw)[0] == '"' || (*raw)[0] == '{' || (*raw)[0] == '[') {
      return std::nullopt;
    }
    return std::string(*raw);
  }
  // true / false of top-level `key`; nullopt when absent. Anything else throws
  // std::invalid_argument naming the key (the schema should already have refused it).
  std::optional<bool> boolean(std::string_view key) const {
    const auto raw = scalar(key);
    if (!raw)
      return std::nullopt;
    if (*raw == "true")
      return true;
    if (*raw == "false")
      return false;
    throw std::invalid_argument(std::string(key) + ": must be true or false");
  }
  // A non-negative JSON integer of top-level `key` within [min, max]; nullopt when absent.
  // Anything else throws std::invalid_argument naming the key and the range.
  std::optional<std::uint64_t> integer(std::string_view key, std::uint64_t min,
                                       std::uint64_t max) const {
    const auto raw = scalar(key);
    if (!raw)
      return std::nullopt;
    constexpr std::size_t kMaxDigits = 19;  // keeps the value inside uint64_t
    const bool digitsOnly = !raw->empty() && raw->size() <= kMaxDigits &&
                            raw->find_first_not_of("0123456789") == std::string::npos;
    const std::uint64_t value = digitsOnly ? std::stoull(*raw) : 0;
    if (!digitsOnly || value < min || value > max) {
      throw std::invalid_argument(std::string(key) + ": must be an integer in " +
                                  std::to_string(min) + ".." + std::to_string(max));
    }
    return value;
  }

 private:
  void ws(std::size_t& i) const {
    while (i < json_.size() &&
           (json_[i] == ' ' || json_[i] == '\n' || json_[i] == '\t' || json_[i] == '\r')) {
      ++i;
    }
  }
  // Skips one value starting at i; returns false on malformed input.
  bool skip(std::size_t& i) const {
    ws(i);
    if (i >= json_.size())
      return false;
    char c = json_[i];
    if (c == '"') {
      for (++i; i < json_.size(); ++i) {
        if (json_[i] == '\\') {
          ++i;
        } else if (json_[i] == '"') {
          ++i;
          return true;
        }
      }
      return false;
    }
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      ++i;
      ws(i);
      if (i < json_.size() && json_[i] == close)
        return ++i, true;
      while (true) {
        if (c == '{') {
          if (!skip(i))
            return false;
          ws(i);
          if (i >= json_.size() || json_[i] != ':')
            return false;
          ++i;
        }
        if (!skip(i))
          return false;
        ws(i);
        if (i >= json_.size())
          return false;
        if (json_[i] == ',') {
          ++i;
          continue;
        }
        if (json_[i] == close)
          return ++i, true;
        return false;
      }
    }
    while (i < json_.size() && json_[i] != ',' && json_[i] != '}' && json_[i] != ']' &&
           json_[i] != ' ' && json_[i] != '\n' && json_[i] != '\t' && json_[i] != '\r') {
      ++i;
    }
    return true;
  }
  std::optional<std::string_view> find(std::string_view key) const {
    std::size_t i = 0;
    ws(i);
    if (i >= json_.size() || json_[i] != '{')
      return std::nullopt;
    ++i;
    while (true) {
      ws(i);
      if (i >= json_.size() || json_[i] != '"')
        return std::nullopt;
      std::size_t keyStart = i;
      if (!skip(i))
        return std::nullopt;
      std::string k = decode(json_.substr(keyStart, i - keyStart));
      ws(i);
      if (i >= json_.size() || json_[i] != ':')
        return std::nullopt;
      ++i;
      ws(i);
      std::size_t valueStart = i;
      if (!skip(i))
        return std::nullopt;
      if (k == key)
        return json_.substr(valueStart, i - valueStart);
      ws(i);
      if (i >= json_.size() || json_[i] != ',')
        return std::nullopt;
      ++i;
    }
  }
  // Decodes a quoted JSON string (\uXXXX kept as-is beyond ASCII escapes: config values are
  // URLs and names).
  static std::string decode(std::string_view quoted) {
    std::string out;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
      char c = quoted[i];
      if (c != '\\' || i + 2 >= quoted.size()) {
        out += c;
        continue;
      }
      char e = quoted[++i];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        default:
          out += e;
          break;  // \" \\ \/ and (verbatim) others
      }
    }
    return out;
  }

  std::string_view json_;
};

}  // namespace streamit::sdk
