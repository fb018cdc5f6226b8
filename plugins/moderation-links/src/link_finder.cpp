#include "link_finder.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "streamit/sdk/utf8.h"

namespace streamit::links {
namespace {

// Common generic and country TLDs seen in chat spam. Country codes that are also common file
// extensions (md, py, sh, rs, pl...) are left out on purpose: "readme.md" is not a link; a
// link to such a TLD is still caught with a scheme or "www.".
constexpr std::array<std::string_view, 96> kKnownTlds = {
    "com",    "net",  "org",    "edu",   "gov", "mil",  "int",  "info",  "biz",  "io",   "co",
    "me",     "tv",   "cc",     "ly",    "gg",  "gl",   "to",   "ws",    "fm",   "am",   "app",
    "dev",    "xyz",  "online", "site",  "top", "club", "shop", "store", "blog", "tech", "live",
    "stream", "news", "link",   "click", "win", "vip",  "pro",  "name",  "mobi", "tk",   "ml",
    "ga",     "cf",   "gq",     "pw",    "su",  "uk",   "us",   "ca",    "de",   "fr",   "es",
    "it",     "nl",   "be",     "ch",    "at",  "se",   "no",   "dk",    "fi",   "cz",   "ru",
    "ua",     "by",   "kz",     "jp",    "cn",  "kr",   "in",   "au",    "nz",   "br",   "mx",
    "ar",     "cl",   "za",     "eu",    "ir",  "tr",   "gr",   "pt",    "ro",   "hu",   "ie",
    "il",     "ae",   "sg",     "hk",    "tw",  "vn",   "ai",   "gay"};

constexpr std::array<std::string_view, 3> kSchemes = {"http://", "https://", "ftp://"};

// Decodes one code point at `i`; on invalid UTF-8 returns nullopt and skips one byte, so a
// scan over untrusted text always moves forward.
std::optional<char32_t> decode(std::string_view s, std::size_t& i) {
  if (auto cp = sdk::decodeUtf8(s, i))
    return cp;
  ++i;
  return std::nullopt;
}

bool isSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

bool isAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Letters of scripts used in internationalized domain names.
bool isIdnLetter(char32_t cp) {
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x52F) ||
         (cp >= 0x5D0 && cp <= 0x6FF) || (cp >= 0x3040 && cp <= 0x30FF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0x1E00 && cp <= 0x1EFF);
}

bool isHostChar(char32_t cp) {
  return (cp < 0x80 && (isAsciiAlnum(static_cast<char>(cp)) || cp == '-' || cp == '.')) ||
         isIdnLetter(cp);
}

// Full-stop look-alikes that IDNA treats as label separators.
bool isDotLike(char32_t cp) {
  return cp == '.' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61;
}

char32_t lowerCodePoint(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z')
    return cp - 'A' + 'a';
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
    return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F)
    return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F)
    return cp + 0x50;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
    return cp + 0x20;
  return cp;
}

// RFC 3492 punycode of one label (already lower-cased); at most 63 code points in.
std::string punycode(const std::vector<char32_t>& input) {
  constexpr std::uint64_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700;
  const auto digit = [](std::uint64_t d) {
    return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26));
  };
  const auto adapt = [&](std::uint64_t delta, std::uint64_t points, bool first) {
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / points;
    std::uint64_t k = 0;
    while (delta > ((kBase - kTmin) * kTmax) / 2) {
      delta /= kBase - kTmin;
      k += kBase;
    }
    return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
  };
  std::string out;
  for (const char32_t c : input) {
    if (c < 0x80)
      out += static_cast<char>(c);
  }
  const std::uint64_t basic = out.size();
  std::uint64_t handled = basic;
  if (basic > 0)
    out += '-';
  std::uint64_t n = 0x80, delta = 0, bias = 72;
  while (handled < input.size()) {
    std::uint64_t m = UINT64_MAX;
    for (const char32_t c : input) {
      if (c >= n && c < m)
        m = c;
    }
    delta += (m - n) * (handled + 1);
    n = m;
    for (const char32_t c : input) {
      if (c < n)
        ++delta;
      if (c != n)
        continue;
      std::uint64_t q = delta;
      for (std::uint64_t k = kBase;; k += kBase) {
        const std::uint64_t t = k <= bias ? kTmin : (k >= bias + kTmax ? kTmax : k - bias);
        if (q < t)
          break;
        out += digit(t + (q - t) % (kBase - t));
        q = (q - t) / (kBase - t);
      }
      out += digit(q);
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return out;
}

bool knownTld(std::string_view tld, bool afterWww) {
  if (tld.rfind("xn--", 0) == 0)
    return tld.size() > 4;
  if (std::find(kKnownTlds.begin(), kKnownTlds.end(), tld) != kKnownTlds.end())
    return true;
  return afterWww && tld.size() >= 2 &&
         std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool isTrailingPunctuation(char c) {
  switch (c) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '\'':
    case '"':
    case '>':
    case '*':
    case '_':
      return true;
    default:
      return false;
  }
}

// Shrinks [begin, end) past sentence punctuation and closing brackets it does not open.
std::size_t trimTrailing(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin) {
    const char c = text[end - 1];
    if (isTrailingPunctuation(c)) {
      --end;
      continue;
    }
    const char open = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : '\0';
    if (open == '\0')
      break;
    const auto span = text.substr(begin, end - begin);
    if (std::count(span.begin(), span.end(), open) >= std::count(span.begin(), span.end(), c))
      break;
    --end;
  }
  return end;
}

std::string percentDecode(std::string_view s) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The destination host of a scheme link; `link` starts right after "://".
std::string schemeHost(std::string_view link) {
  const std::size_t authorityEnd = link.find_first_of("/?#\\");
  std::string_view authority = link.substr(0, authorityEnd);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host[0] == '[') {
    host =
        host.substr(0, host.find(']') == std::string_view::npos ? host.size() : host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  const std::string decoded = percentDecode(host);
  if (auto normalized = normalizeHost(decoded))
    return *normalized;
  std::string raw;
  for (const char c : decoded)
    raw += asciiLower(c);
  return raw;  // not a valid name: kept so policies can still refuse it
}

class Finder {
 public:
  explicit Finder(std::string_view text) : text_(text) {}

  std::vector<FoundLink> run() {
    std::size_t tokenBegin = 0;
    bool inToken = false;
    for (std::size_t i = 0; i < text_.size();) {
      const std::size_t at = i;
      const auto cp = decode(text_, i);
      const bool space = cp && isSpace(*cp);
      if (space && inToken) {
        token(tokenBegin, at);
        inToken = false;
      } else if (!space && !inToken) {
        tokenBegin = at;
        inToken = true;
      }
    }
    if (inToken)
      token(tokenBegin, text_.size());
    return std::move(links_);
  }

 private:
  // Length of the scheme starting at `i`, or 0 when none does.
  std::size_t schemeLength(std::size_t i, std::size_t end) const {
    if (i > 0 && isAsciiAlnum(text_[i - 1]))
      return 0;
    for (const std::string_view scheme : kSchemes) {
      if (end - i < scheme.size())
        continue;
      bool same = true;
      for (std::size_t k = 0; k < scheme.size() && same; ++k)
        same = asciiLower(text_[i + k]) == scheme[k];
      if (same)
        return scheme.size();
    }
    return 0;
  }

  void token(std::size_t begin, std::size_t end) {
    std::vector<std::size_t> schemes;
    for (std::size_t i = begin; i < end; ++i) {
      if (schemeLength(i, end) > 0)
        schemes.push_back(i);
    }
    bare(begin, schemes.empty() ? end : schemes.front());
    for (std::size_t k = 0; k < schemes.size(); ++k) {
      const std::size_t linkBegin = schemes[k];
      const std::size_t linkEnd =
          trimTrailing(text_, linkBegin, k + 1 < schemes.size() ? schemes[k + 1] : end);
      const std::size_t hostBegin = linkBegin + schemeLength(linkBegin, end);
      if (hostBegin >= linkEnd)
        continue;  // "http://" alone goes nowhere
      std::string host = schemeHost(text_.substr(hostBegin, linkEnd - hostBegin));
      if (!host.empty())
        links_.push_back(FoundLink{linkBegin, linkEnd, std::move(host)});
    }
  }

  // Bare domains in [begin, end), which holds no scheme.
  void bare(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end;) {
      std::size_t runBegin = i;
      auto cp = decode(text_, i);
      if (!cp || !isHostChar(*cp))
        continue;
      std::size_t runEnd = i;
      while (runEnd < end) {
        std::size_t next = runEnd;
        const auto c = decode(text_, next);
        if (!c || !isHostChar(*c))
          break;
        runEnd = next;
      }
      i = runEnd;
      // Leading and trailing dots and hyphens are punctuation, not labels.
      while (runBegin < runEnd && (text_[runBegin] == '.' || text_[runBegin] == '-'))
        ++runBegin;
      std::size_t hostEnd = runEnd;
      while (hostEnd > runBegin && (text_[hostEnd - 1] == '.' || text_[hostEnd - 1] == '-'))
        --hostEnd;
      if (runEnd < end && text_[runEnd] == '@')
        continue;  // userinfo or a mailbox name: the host comes after the '@'
      const auto host = bareHost(text_.substr(runBegin, hostEnd - runBegin));
      if (!host)
        continue;
      std::size_t linkEnd = hostEnd;
      if (hostEnd == runEnd && runEnd < end &&
          (text_[runEnd] == '/' || text_[runEnd] == ':' || text_[runEnd] == '?' ||
           text_[runEnd] == '#')) {
        linkEnd = std::max(hostEnd, trimTrailing(text_, runBegin, end));
        i = end;  // the path is part of this link, not more hosts
      }
      links_.push_back(FoundLink{runBegin, linkEnd, *host});
    }
  }

  static std::optional<std::string> bareHost(std::string_view run) {
    if (run.find("..") != std::string_view::npos || run.find('.') == std::string_view::npos)
      return std::nullopt;
    auto host = normalizeHost(run);
    if (!host)
      return std::nullopt;
    const std::string_view h = *host;
    const std::string_view tld = h.substr(h.rfind('.') + 1);
    if (!knownTld(tld, h.rfind("www.", 0) == 0))
      return std::nullopt;
    return host;
  }

  std::string_view text_;
  std::vector<FoundLink> links_;
};

}  // namespace

std::optional<std::string> normalizeHost(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    if (host.size() < 3 || host.back() != ']')
      return std::nullopt;
    std::string out;
    for (const char c : host) {
      const char l = asciiLower(c);
      if (!((l >= '0' && l <= '9') || (l >= 'a' && l <= 'f') || l == ':' || l == '.' || l == '[' ||
            l == ']'))
        return std::nullopt;
      out += l;
    }
    return out;
  }
  std::vector<std::vector<char32_t>> labels(1);
  for (std::size_t i = 0; i < host.size();) {
    const auto cp = decode(host, i);
    if (!cp)
      return std::nullopt;
    if (isDotLike(*cp)) {
      labels.emplace_back();
      continue;
    }
    const char32_t c = lowerCodePoint(*cp);
    const bool ascii = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ascii && !isIdnLetter(c))
      return std::nullopt;
    if (labels.back().size() >= 63)
      return std::nullopt;
    labels.back().push_back(c);
  }
  while (labels.size() > 1 && labels.back().empty())
    labels.pop_back();  // "example.com." is example.com
  std::string out;
  for (const auto& label : labels) {
    if (label.empty() || label.front() == '-' || label.back() == '-')
      return std::nullopt;
    if (!out.empty())
      out += '.';
    const bool ascii = std::all_of(label.begin(), label.end(), [](char32_t c) { return c < 0x80; });
    const std::string encoded = ascii ? std::string() : "xn--" + punycode(label);
    if (ascii) {
      for (const char32_t c : label)
        out += static_cast<char>(c);
    } else if (encoded.size() > 63) {
      return std::nullopt;
    } else {
      out += encoded;
    }
  }
  return out;
}

std::vector<FoundLink> findLinks(std::string_view text) {
  return Finder(text).run();
}

bool hostCovered(std::string_view host, const std::vector<std::string>& domains) {
  for (const std::string& d : domains) {
    if (host == d)
      return true;
    if (host.size() > d.size() && host.substr(host.size() - d.size()) == d &&
        host[host.size() - d.size() - 1] == '.')
      return true;
  }
  return false;
}

bool linkAllowed(Mode mode, std::string_view host, const std::vector<std::string>& domains) {
  switch (mode) {
    case Mode::kDenyAll:
      return false;
    case Mode::kAllowList:
      return hostCovered(host, domains);
    case Mode::kDenyList:
      return !hostCovered(host, domains);
  }
  return false;
}

}  // namespace streamit::links
