#include "credential_policy.h"

namespace streamit::local {
namespace {

char foldAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isUsernameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// Code points of `text`, or nothing when it is not valid UTF-8 (overlongs, surrogates and
// values above U+10FFFF included).
std::optional<std::size_t> countCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t cp = 0;
    if (byte < 0x80) {
      length = 1;
      cp = byte;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      cp = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      cp = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      cp = byte & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size())
      return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80)
        return std::nullopt;
      cp = (cp << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return std::nullopt;
    i += length;
    ++count;
  }
  return count;
}

}  // namespace

std::variant<std::string, PolicyRejection> normalizeUsername(std::string_view raw) {
  if (raw.size() < kMinUsernameLength || raw.size() > kMaxUsernameLength) {
    return PolicyRejection{"username: must be " + std::to_string(kMinUsernameLength) + "-" +
                           std::to_string(kMaxUsernameLength) + " characters"};
  }
  std::string folded;
  folded.reserve(raw.size());
  for (const char c : raw) {
    const char lower = foldAscii(c);
    if (!isUsernameChar(lower))
      return PolicyRejection{"username: only letters a-z, digits and _ . - are allowed"};
    folded += lower;
  }
  return folded;
}

std::optional<PolicyRejection> checkPassword(std::string_view password,
                                             std::string_view foldedUsername) {
  if (password.size() > kMaxPasswordBytes) {
    return PolicyRejection{"password: must be at most " + std::to_string(kMaxPasswordBytes) +
                           " bytes"};
  }
  const auto codePoints = countCodePoints(password);
  if (!codePoints)
    return PolicyRejection{"password: must be valid UTF-8"};
  if (*codePoints < kMinPasswordCodePoints) {
    return PolicyRejection{"password: must be at least " + std::to_string(kMinPasswordCodePoints) +
                           " characters"};
  }
  if (password.size() == foldedUsername.size()) {
    bool same = true;
    for (std::size_t i = 0; i < password.size(); ++i)
      same = same && foldAscii(password[i]) == foldedUsername[i];
    if (same)
      return PolicyRejection{"password: must not be the username"};
  }
  return std::nullopt;
}

}  // namespace streamit::local
