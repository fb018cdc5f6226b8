#include "address_classifier.h"

#include <arpa/inet.h>

#include <cstring>

namespace streamit::direct {

namespace {

bool inV4(const uint8_t* a, uint8_t b0, uint8_t b1, uint8_t b2, int prefix) {
  const uint32_t addr =
      (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | uint32_t{a[3]};
  const uint32_t net = (uint32_t{b0} << 24) | (uint32_t{b1} << 16) | (uint32_t{b2} << 8);
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (addr & mask) == (net & mask);
}

AddressClass classifyV4(const uint8_t* a) {
  if (inV4(a, 0, 0, 0, 8))
    return AddressClass::kUnspecified;  // "this network"; 0.0.0.0 reaches the local host
  if (inV4(a, 127, 0, 0, 8))
    return AddressClass::kLoopback;
  if (inV4(a, 10, 0, 0, 8) || inV4(a, 172, 16, 0, 12) || inV4(a, 192, 168, 0, 16))
    return AddressClass::kPrivate;
  if (inV4(a, 100, 64, 0, 10))
    return AddressClass::kSharedCgnat;
  if (inV4(a, 169, 254, 0, 16))
    return AddressClass::kLinkLocal;
  if (inV4(a, 224, 0, 0, 4))
    return AddressClass::kMulticast;
  if (inV4(a, 240, 0, 0, 4) || inV4(a, 192, 0, 0, 24) || inV4(a, 192, 0, 2, 24) ||
      inV4(a, 198, 18, 0, 15) || inV4(a, 198, 51, 100, 24) || inV4(a, 203, 0, 113, 24))
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

bool allZero(const uint8_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != 0)
      return false;
  }
  return true;
}

// These IPv6 forms reach the IPv4 address they embed, so they take its class.
AddressClass viaV4(const uint8_t* v4) {
  return classifyV4(v4);
}

AddressClass classifyV6(const std::array<uint8_t, 16>& b) {
  const uint8_t* p = b.data();
  if (allZero(p, 16))
    return AddressClass::kUnspecified;
  if (allZero(p, 15) && p[15] == 1)
    return AddressClass::kLoopback;
  if (allZero(p, 10) && p[10] == 0xff && p[11] == 0xff)
    return viaV4(p + 12);  // IPv4-mapped
  if (allZero(p, 12))
    return viaV4(p + 12);  // IPv4-compatible (deprecated, still routed by some stacks)
  static constexpr uint8_t kNat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(p, kNat64, 12) == 0)
    return viaV4(p + 12);
  if (p[0] == 0x20 && p[1] == 0x02)
    return viaV4(p + 2);  // 6to4
  if ((p[0] & 0xfe) == 0xfc)
    return AddressClass::kPrivate;  // unique local fc00::/7
  if (p[0] == 0xfe && (p[1] & 0xc0) == 0x80)
    return AddressClass::kLinkLocal;  // fe80::/10
  if (p[0] == 0xfe && (p[1] & 0xc0) == 0xc0)
    return AddressClass::kPrivate;  // site-local fec0::/10 (deprecated)
  if (p[0] == 0xff)
    return AddressClass::kMulticast;
  if ((p[0] == 0x20 && p[1] == 0x01 && p[2] == 0x0d && p[3] == 0xb8) ||  // documentation
      (p[0] == 0x01 && allZero(p + 1, 7)))                               // discard 100::/64
    return AddressClass::kReserved;
  return AddressClass::kPublic;
}

}  // namespace

std::string IpAddress::toString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf) == nullptr)
    return "?";
  return buf;
}

std::string_view addressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kSharedCgnat:
      return "shared address space (CGNAT)";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "unknown";
}

std::optional<IpAddress> parseIpLiteral(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN)
    return std::nullopt;
  std::string s(text);
  IpAddress out;
  if (inet_pton(AF_INET, s.c_str(), out.bytes.data()) == 1)
    return out;
  out.v6 = true;
  if (inet_pton(AF_INET6, s.c_str(), out.bytes.data()) == 1)
    return out;
  return std::nullopt;
}

AddressClass classify(const IpAddress& address) {
  return address.v6 ? classifyV6(address.bytes) : classifyV4(address.bytes.data());
}

bool isAllowed(AddressClass c, const AddressPolicy& policy) {
  switch (c) {
    case AddressClass::kPublic:
      return true;
    case AddressClass::kLoopback:
      return policy.allowLoopback;
    case AddressClass::kPrivate:
    case AddressClass::kSharedCgnat:
      return policy.allowPrivateNetworks;
    default:
      return false;
  }
}

std::optional<std::string> checkResolvedAddresses(std::string_view host,
                                                  const std::vector<IpAddress>& addresses,
                                                  const AddressPolicy& policy) {
  if (addresses.empty())
    return "host '" + std::string(host) + "' resolved to no address";
  for (const IpAddress& a : addresses) {
    AddressClass c = classify(a);
    if (isAllowed(c, policy))
      continue;
    std::string hint;
    if (c == AddressClass::kLoopback)
      hint = " (set allow_loopback to permit)";
    else if (c == AddressClass::kPrivate || c == AddressClass::kSharedCgnat)
      hint = " (set allow_private_networks to permit)";
    return "refused: host '" + std::string(host) + "' resolves to " + a.toString() + ", a " +
           std::string(addressClassName(c)) + " address" + hint;
  }
  return std::nullopt;
}

}  // namespace streamit::direct
