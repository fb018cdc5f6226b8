// Pure link extraction and domain policy for moderator.links: no I/O, unit-tested.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamit::links {

// One link in chat text. `begin`/`end` are byte offsets of the whole link (scheme, path and
// all, without surrounding punctuation); `host` is what a browser would connect to, normalized
// by normalizeHost().
struct FoundLink {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string host;
};

// Finds, in one linear pass over whitespace-separated tokens:
//   - scheme links: http://, https://, ftp:// (any case) not preceded by a letter or digit;
//     the host is the authority after the last '@' (userinfo is not the destination), without
//     port, brackets kept for IPv6, percent-escapes decoded; '\' ends the authority as in
//     browsers;
//   - bare domains: runs of letters, digits, '-' and '.' of two or more labels whose last
//     label is a known TLD (kKnownTlds, or an xn-- punycode TLD), or any letters-only TLD
//     after "www."; a run directly followed by '@' is userinfo or a mail box name and skipped.
//     A path, query or port after a bare domain belongs to the link.
// Trailing sentence punctuation (. , ; : ! ? quotes, unbalanced closing brackets) is not part
// of a link. Bare IP addresses without a scheme are not links (version numbers look alike).
std::vector<FoundLink> findLinks(std::string_view text);

// Lower-cases ASCII and Latin-1 capitals, drops trailing dots, and writes labels with
// non-ASCII characters as punycode ("Bücher.DE." → "xn--bcher-kva.de"). nullopt when the
// result is not a host name or IP literal (empty label, label > 63, bad characters).
std::optional<std::string> normalizeHost(std::string_view host);

enum class Mode { kDenyAll, kAllowList, kDenyList };

// `domains` are normalized hosts; a domain covers itself and its subdomains, never a mere
// suffix ("good.com" covers "www.good.com", not "evilgood.com").
bool hostCovered(std::string_view host, const std::vector<std::string>& domains);

// Whether policy `mode` with `domains` lets a link to `host` through.
bool linkAllowed(Mode mode, std::string_view host, const std::vector<std::string>& domains);

}  // namespace streamit::links
