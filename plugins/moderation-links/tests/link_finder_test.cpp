// The pure link finder, host normalization and domain policy.
#include "link_finder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace streamit::links {
namespace {

// "host@link text" for every link found, for compact expectations.
std::vector<std::string> found(const std::string& text) {
  std::vector<std::string> out;
  for (const FoundLink& l : findLinks(text))
    out.push_back(l.host + "@" + text.substr(l.begin, l.end - l.begin));
  return out;
}

using List = std::vector<std::string>;

TEST(LinkFinder, SchemeLinks) {
  EXPECT_EQ(found("see http://example.com/a?b=c#d now"),
            List{"example.com@http://example.com/a?b=c#d"});
  EXPECT_EQ(found("HTTPS://Example.COM/Path"), List{"example.com@HTTPS://Example.COM/Path"});
  EXPECT_EQ(found("ftp://files.example.org"), List{"files.example.org@ftp://files.example.org"});
  EXPECT_TRUE(found("no links here, just text.").empty());
  EXPECT_TRUE(found("http://").empty());
}

TEST(LinkFinder, UserinfoIsNotTheHost) {
  EXPECT_EQ(found("http://good.com@evil.com/x"), List{"evil.com@http://good.com@evil.com/x"});
  EXPECT_EQ(found("https://user:pw@evil.com"), List{"evil.com@https://user:pw@evil.com"});
  EXPECT_EQ(found("good.com@evil.com"), List{"evil.com@evil.com"});
  EXPECT_EQ(found("mail bob@evil.com"), List{"evil.com@evil.com"});
  // The '@' in the path is not userinfo.
  EXPECT_EQ(found("http://good.com/@evil.com"), List{"good.com@http://good.com/@evil.com"});
  // A backslash ends the authority as in browsers.
  EXPECT_EQ(found("http://good.com\\@evil.com"), List{"good.com@http://good.com\\@evil.com"});
}

TEST(LinkFinder, PortsIpsAndEscapes) {
  EXPECT_EQ(found("http://good.com:8080/x"), List{"good.com@http://good.com:8080/x"});
  EXPECT_EQ(found("good.com:8080/x"), List{"good.com@good.com:8080/x"});
  EXPECT_EQ(found("http://127.0.0.1:80/"), List{"127.0.0.1@http://127.0.0.1:80/"});
  EXPECT_EQ(found("http://[::1]:8080/"), List{"[::1]@http://[::1]:8080/"});
  EXPECT_EQ(found("http://evil%2Ecom/"), List{"evil.com@http://evil%2Ecom/"});
  EXPECT_TRUE(found("version 1.2.3.4 is out").empty());  // bare IPs are not links
}

TEST(LinkFinder, BareDomainsAndWww) {
  EXPECT_EQ(found("go to evil.com now"), List{"evil.com@evil.com"});
  EXPECT_EQ(found("EVIL.COM"), List{"evil.com@EVIL.COM"});
  EXPECT_EQ(found("www.example.zzz"), List{"www.example.zzz@www.example.zzz"});
  EXPECT_EQ(found("bit.ly/abc and t.me/x"), (List{"bit.ly@bit.ly/abc", "t.me@t.me/x"}));
  EXPECT_EQ(found("shop.example.co.uk"), List{"shop.example.co.uk@shop.example.co.uk"});
  EXPECT_TRUE(found("file.txt readme.md node.js e.g. i.e. a..com 3.14").empty());
}

TEST(LinkFinder, PunctuationAroundLinks) {
  EXPECT_EQ(found("(see evil.com)."), List{"evil.com@evil.com"});
  EXPECT_EQ(found("visit evil.com."), List{"evil.com@evil.com"});
  EXPECT_EQ(found("\"http://evil.com/a,\""), List{"evil.com@http://evil.com/a"});
  EXPECT_EQ(found("<http://evil.com>"), List{"evil.com@http://evil.com"});
  EXPECT_EQ(found("http://en.wikipedia.org/wiki/A_(b)!"),
            List{"en.wikipedia.org@http://en.wikipedia.org/wiki/A_(b)"});
  EXPECT_EQ(found("evil.com, good.com; ok"), (List{"evil.com@evil.com", "good.com@good.com"}));
  EXPECT_EQ(found("link:http://evil.com"), List{"evil.com@http://evil.com"});
  EXPECT_TRUE(found("xhttp://evil.zzz").empty());  // a scheme needs a boundary before it
}

TEST(LinkFinder, TrailingDotsAndSeveralLinksInOneToken) {
  EXPECT_EQ(found("http://evil.com./"), List{"evil.com@http://evil.com./"});
  EXPECT_EQ(found("http://a.com,http://b.com"), (List{"a.com@http://a.com", "b.com@http://b.com"}));
}

TEST(LinkFinder, Utf8AndIdn) {
  EXPECT_EQ(found("Bücher.de 🎬"), List{"xn--bcher-kva.de@Bücher.de"});
  EXPECT_EQ(found("🎬evil.com🎬"), List{"evil.com@evil.com"});
  EXPECT_EQ(found("映画 http://例え.jp/ 映画").size(), 1u);
  EXPECT_TRUE(found("\xff\xfe evil\xff.com").empty());  // an invalid byte splits the name
  EXPECT_EQ(found("\xff"
                  "evil.com\xc3"),
            List{"evil.com@evil.com"});
}

TEST(HostNormalization, LowerCaseTrailingDotAndPunycode) {
  EXPECT_EQ(normalizeHost("Example.COM."), "example.com");
  EXPECT_EQ(normalizeHost("MÜNCHEN.de"), "xn--mnchen-3ya.de");
  EXPECT_EQ(normalizeHost("xn--mnchen-3ya.de"), "xn--mnchen-3ya.de");
  EXPECT_EQ(normalizeHost("bücher.example"), "xn--bcher-kva.example");
  EXPECT_EQ(normalizeHost("[::1]"), "[::1]");
  EXPECT_FALSE(normalizeHost(""));
  EXPECT_FALSE(normalizeHost("a..b"));
  EXPECT_FALSE(normalizeHost("-a.com"));
  EXPECT_FALSE(normalizeHost("http://a.com"));
  EXPECT_FALSE(normalizeHost(std::string(64, 'a') + ".com"));
  EXPECT_TRUE(normalizeHost(std::string(63, 'a') + ".com"));
}

TEST(DomainPolicy, SubdomainsButNotSuffixes) {
  const std::vector<std::string> good = {"good.com"};
  EXPECT_TRUE(hostCovered("good.com", good));
  EXPECT_TRUE(hostCovered("www.good.com", good));
  EXPECT_TRUE(hostCovered("a.b.good.com", good));
  EXPECT_FALSE(hostCovered("evilgood.com", good));
  EXPECT_FALSE(hostCovered("good.com.evil.com", good));
  EXPECT_FALSE(hostCovered("good.co", good));
}

TEST(DomainPolicy, Modes) {
  const std::vector<std::string> list = {"good.com"};
  EXPECT_FALSE(linkAllowed(Mode::kDenyAll, "good.com", {}));
  EXPECT_TRUE(linkAllowed(Mode::kAllowList, "cdn.good.com", list));
  EXPECT_FALSE(linkAllowed(Mode::kAllowList, "evilgood.com", list));
  EXPECT_FALSE(linkAllowed(Mode::kAllowList, "good.com", {}));
  EXPECT_FALSE(linkAllowed(Mode::kDenyList, "good.com", list));
  EXPECT_TRUE(linkAllowed(Mode::kDenyList, "evilgood.com", list));
}

TEST(LinkFinder, LongTextIsLinear) {
  std::string text;
  for (int i = 0; i < 300; ++i)
    text += "a.b ";
  text += std::string(1000, '.') + "evil.com" + std::string(1000, '/');
  const auto links = findLinks(text);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].host, "evil.com");
}

}  // namespace
}  // namespace streamit::links
