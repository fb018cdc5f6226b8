// SSRF classification: table-driven over IPv4, IPv6 and IPv4-embedding IPv6 forms.
#include <gtest/gtest.h>

#include "address_classifier.h"

namespace streamit::direct {
namespace {

AddressClass classOf(const char* literal) {
  std::optional<IpAddress> a = parseIpLiteral(literal);
  EXPECT_TRUE(a.has_value()) << literal;
  return a ? classify(*a) : AddressClass::kReserved;
}

TEST(ProviderDirectAddress, ClassifiesEveryRange) {
  using C = AddressClass;
  const std::pair<const char*, C> cases[] = {
      {"8.8.8.8", C::kPublic},
      {"93.184.216.34", C::kPublic},
      {"172.15.255.255", C::kPublic},
      {"172.32.0.1", C::kPublic},
      {"100.63.255.255", C::kPublic},
      {"100.128.0.1", C::kPublic},
      {"223.255.255.255", C::kPublic},
      {"127.0.0.1", C::kLoopback},
      {"127.255.1.2", C::kLoopback},
      {"10.0.0.1", C::kPrivate},
      {"10.255.255.255", C::kPrivate},
      {"172.16.0.1", C::kPrivate},
      {"172.31.255.254", C::kPrivate},
      {"192.168.1.1", C::kPrivate},
      {"100.64.0.1", C::kSharedCgnat},
      {"100.127.255.255", C::kSharedCgnat},
      {"169.254.169.254", C::kLinkLocal},
      {"0.0.0.0", C::kUnspecified},
      {"0.1.2.3", C::kUnspecified},
      {"224.0.0.1", C::kMulticast},
      {"239.255.255.250", C::kMulticast},
      {"255.255.255.255", C::kReserved},
      {"240.0.0.1", C::kReserved},
      {"192.0.2.10", C::kReserved},
      {"198.18.0.1", C::kReserved},
      // IPv6
      {"2606:4700:4700::1111", C::kPublic},
      {"2a00:1450:4001:80b::200e", C::kPublic},
      {"::", C::kUnspecified},
      {"::1", C::kLoopback},
      {"fc00::1", C::kPrivate},
      {"fd12:3456:789a::1", C::kPrivate},
      {"fec0::1", C::kPrivate},
      {"fe80::1", C::kLinkLocal},
      {"febf::1", C::kLinkLocal},
      {"ff02::1", C::kMulticast},
      {"2001:db8::1", C::kReserved},
      // IPv6 forms that reach an IPv4 address take its class.
      {"::ffff:127.0.0.1", C::kLoopback},
      {"::ffff:7f00:1", C::kLoopback},
      {"::ffff:10.1.2.3", C::kPrivate},
      {"::ffff:169.254.169.254", C::kLinkLocal},
      {"::ffff:8.8.8.8", C::kPublic},
      {"::127.0.0.1", C::kLoopback},
      {"64:ff9b::7f00:1", C::kLoopback},
      {"64:ff9b::a9fe:a9fe", C::kLinkLocal},
      {"64:ff9b::808:808", C::kPublic},
      {"2002:c0a8:0101::1", C::kPrivate},
      {"2002:0808:0808::1", C::kPublic},
  };
  for (const auto& [literal, expected] : cases) {
    EXPECT_EQ(addressClassName(classOf(literal)), addressClassName(expected)) << literal;
  }
}

TEST(ProviderDirectAddress, ParsesOnlyLiterals) {
  EXPECT_FALSE(parseIpLiteral(""));
  EXPECT_FALSE(parseIpLiteral("localhost"));
  EXPECT_FALSE(parseIpLiteral("[::1]"));
  EXPECT_FALSE(parseIpLiteral("127.1"));  // inet_pton is strict; getaddrinfo's answer is checked
  EXPECT_FALSE(parseIpLiteral("1.2.3.4.5"));
  EXPECT_EQ(parseIpLiteral("::ffff:127.0.0.1")->toString(), "::ffff:127.0.0.1");
  EXPECT_EQ(parseIpLiteral("10.0.0.1")->toString(), "10.0.0.1");
}

TEST(ProviderDirectAddress, PolicyAllowsOnlyWhatConfigSays) {
  using C = AddressClass;
  AddressPolicy strict;
  AddressPolicy loopback{false, true};
  AddressPolicy priv{true, false};
  EXPECT_TRUE(isAllowed(C::kPublic, strict));
  for (C c : {C::kLoopback, C::kPrivate, C::kSharedCgnat, C::kLinkLocal, C::kUnspecified,
              C::kMulticast, C::kReserved}) {
    EXPECT_FALSE(isAllowed(c, strict)) << addressClassName(c);
  }
  EXPECT_TRUE(isAllowed(C::kLoopback, loopback));
  EXPECT_FALSE(isAllowed(C::kPrivate, loopback));
  EXPECT_TRUE(isAllowed(C::kPrivate, priv));
  EXPECT_TRUE(isAllowed(C::kSharedCgnat, priv));
  EXPECT_FALSE(isAllowed(C::kLoopback, priv));
  // Never, whatever the config: metadata endpoints, broadcast, 0.0.0.0.
  AddressPolicy all{true, true};
  for (C c : {C::kLinkLocal, C::kUnspecified, C::kMulticast, C::kReserved})
    EXPECT_FALSE(isAllowed(c, all)) << addressClassName(c);
}

TEST(ProviderDirectAddress, EveryResolvedAddressMustPass) {
  AddressPolicy strict;
  std::vector<IpAddress> mixed = {*parseIpLiteral("8.8.8.8"), *parseIpLiteral("10.0.0.5")};
  auto refusal = checkResolvedAddresses("media.example", mixed, strict);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(*refusal,
            "refused: host 'media.example' resolves to 10.0.0.5, a private address "
            "(set allow_private_networks to permit)");
  EXPECT_FALSE(checkResolvedAddresses("media.example", {*parseIpLiteral("8.8.8.8")}, strict));
  EXPECT_TRUE(checkResolvedAddresses("nowhere.example", {}, strict));
  auto lo = checkResolvedAddresses("localhost", {*parseIpLiteral("::1")}, strict);
  ASSERT_TRUE(lo);
  EXPECT_NE(lo->find("a loopback address (set allow_loopback to permit)"), std::string::npos);
}

}  // namespace
}  // namespace streamit::direct
