#include "http/request_id.h"

#include <cstdint>
#include <random>

namespace streamit::http {
namespace {

constexpr std::size_t kMaxClientIdLength = 64;

bool isPlainId(std::string_view id) {
  if (id.empty() || id.size() > kMaxClientIdLength)
    return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok)
      return false;
  }
  return true;
}

}  // namespace

std::string chooseRequestId(std::string_view clientSupplied) {
  if (isPlainId(clientSupplied))
    return std::string(clientSupplied);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = rng();
  std::string id(16, '0');
  for (auto& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

}  // namespace streamit::http
