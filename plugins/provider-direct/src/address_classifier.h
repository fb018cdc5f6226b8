// SSRF address classification for provider.direct: which resolved addresses the server may
// fetch from. Pure (inet_pton only), table-tested without DNS.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamit::direct {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // v4 uses the first 4

  std::string toString() const;
};

enum class AddressClass {
  kPublic,
  kLoopback,     // 127/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10
  kSharedCgnat,  // 100.64/10
  kLinkLocal,    // 169.254/16 (cloud metadata lives here), fe80::/10
  kUnspecified,  // 0/8, ::
  kMulticast,    // 224/4, ff00::/8
  kReserved,     // 240/4 + broadcast, documentation, benchmarking, IETF protocol ranges
};

std::string_view addressClassName(AddressClass c);

// A literal IPv4 (dotted quad) or IPv6 address, brackets not included; nullopt otherwise.
std::optional<IpAddress> parseIpLiteral(std::string_view text);

// IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
// NAT64 64:ff9b::/96, 6to4 2002::/16) are classified by the IPv4 address they reach.
AddressClass classify(const IpAddress& address);

struct AddressPolicy {
  bool allowPrivateNetworks = false;  // kPrivate and kSharedCgnat
  bool allowLoopback = false;         // kLoopback
};

// Link-local, unspecified, multicast and reserved addresses are never allowed.
bool isAllowed(AddressClass c, const AddressPolicy& policy);

// Checks every address `host` resolved to (the host's HTTP client may connect to any of them).
// Returns the refusal message, or nullopt when all are allowed.
std::optional<std::string> checkResolvedAddresses(std::string_view host,
                                                  const std::vector<IpAddress>& addresses,
                                                  const AddressPolicy& policy);

}  // namespace streamit::direct
