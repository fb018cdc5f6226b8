#include "text_normalizer.h"

#include <optional>

#include "streamit/sdk/utf8.h"

namespace streamit::wordfilter {
namespace {

constexpr std::uint32_t bit(char letter) {
  return 1u << static_cast<unsigned>(letter - 'a');
}

constexpr auto decode = &sdk::decodeUtf8;

bool isSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Invisible in rendering, so an evader can put them inside a word: they join their neighbour.
bool isAbsorbed(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

bool isJoiner(char32_t cp) {
  switch (cp) {
    case '.':
    case '_':
    case '-':
    case '*':
    case '\'':
    case '`':
    case '~':
    case '+':
    case '^':
    case ':':
    case ';':
    case ',':
    case '/':
    case '\\':
    case '#':
    case '=':
    case '"':
      return true;
    default:
      return false;
  }
}

// Alphabetic scripts written with spaces: their letters are word characters (matched as they
// are), so a listed word is not found inside a longer word of those scripts. Scripts without
// spaces between words (CJK, Thai...) count as boundaries.
bool isOtherLetter(char32_t cp) {
  return (cp >= 0x0100 && cp <= 0x02AF) || (cp >= 0x0370 && cp <= 0x052F) ||
         (cp >= 0x0531 && cp <= 0x058F) || (cp >= 0x05D0 && cp <= 0x05EA) ||
         (cp >= 0x0620 && cp <= 0x064A) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

NormChar word(char32_t folded, std::uint32_t also = 0, bool symbol = false) {
  NormChar c;
  c.folded = folded;
  c.alsoLetters = also;
  c.kind = CharKind::kWord;
  c.symbol = symbol;
  return c;
}

NormChar ofKind(char32_t cp, CharKind kind) {
  NormChar c;
  c.folded = cp;
  c.kind = kind;
  return c;
}

NormChar foldAscii(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z')
    return word(cp - 'A' + 'a');
  if (cp >= 'a' && cp <= 'z')
    return word(cp);
  switch (cp) {
    case '0':
      return word('o');
    case '1':
      return word('i', bit('l'));
    case '3':
      return word('e');
    case '4':
      return word('a');
    case '5':
      return word('s');
    case '7':
      return word('t');
    case '@':
      return word('a', 0, true);
    case '$':
      return word('s', 0, true);
    case '!':
      return word('i', 0, true);
    case '|':
      return word('i', bit('l'), true);
    default:
      break;
  }
  if (cp >= '0' && cp <= '9')
    return word(cp);  // 2 6 8 9 imitate no letter reliably, but are part of a word
  if (isSpace(cp))
    return ofKind(cp, CharKind::kSpace);
  if (isJoiner(cp))
    return ofKind(cp, CharKind::kJoiner);
  return ofKind(cp, CharKind::kOther);
}

// U+00C0..U+00FF folded to their base letters; × and ÷ are not letters.
NormChar foldLatin1(char32_t cp) {
  static constexpr char kBase[64 + 1] =
      "aaaaaaaceeeeiiii"   // C0..CF (C6 Æ handled below)
      "dnooooo_ouuuuyps"   // D0..DF: Ð Ñ ÒÓÔÕÖ × Ø ÙÚÛÜ Ý Þ ß
      "aaaaaaaceeeeiiii"   // E0..EF
      "dnooooo_ouuuuypy";  // F0..FF: ð ñ òóôõö ÷ ø ùúûü ý þ ÿ
  if (cp == 0xC6 || cp == 0xE6)
    return word(0xE6);  // æ: a letter of its own
  if (cp == 0xDE || cp == 0xFE)
    return word(0xFE);  // þ
  const char base = kBase[cp - 0xC0];
  if (base == '_')
    return ofKind(cp, CharKind::kOther);
  return word(static_cast<char32_t>(base));
}

// Cyrillic and Greek letters that render like Latin ones; other letters of those scripts are
// lower-cased and kept.
std::optional<char32_t> latinLookAlike(char32_t cp) {
  switch (cp) {
    case 0x0430:
    case 0x0410:
      return U'a';
    case 0x0412:
    case 0x0432:
      return U'b';  // В (в is a small-caps B in many fonts)
    case 0x0435:
    case 0x0415:
    case 0x0451:
    case 0x0401:
      return U'e';
    case 0x041D:
    case 0x043D:
      return U'h';
    case 0x0456:
    case 0x0406:
      return U'i';
    case 0x0458:
    case 0x0408:
      return U'j';
    case 0x041A:
    case 0x043A:
      return U'k';
    case 0x041C:
    case 0x043C:
      return U'm';
    case 0x043E:
    case 0x041E:
      return U'o';
    case 0x0440:
    case 0x0420:
      return U'p';
    case 0x0441:
    case 0x0421:
      return U'c';
    case 0x0455:
    case 0x0405:
      return U's';
    case 0x0422:
    case 0x0442:
      return U't';
    case 0x0445:
    case 0x0425:
      return U'x';
    case 0x0443:
    case 0x0423:
      return U'y';
    case 0x0391:
    case 0x03B1:
      return U'a';
    case 0x0392:
    case 0x03B2:
      return U'b';
    case 0x0395:
      return U'e';
    case 0x0396:
      return U'z';
    case 0x0397:
      return U'h';
    case 0x0399:
    case 0x03B9:
      return U'i';
    case 0x039A:
    case 0x03BA:
      return U'k';
    case 0x039C:
      return U'm';
    case 0x039D:
    case 0x03BD:
      return U'v';
    case 0x039F:
    case 0x03BF:
      return U'o';
    case 0x03A1:
    case 0x03C1:
      return U'p';
    case 0x03A4:
    case 0x03C4:
      return U't';
    case 0x03A5:
    case 0x03C5:
      return U'u';
    case 0x03A7:
    case 0x03C7:
      return U'x';
    default:
      return std::nullopt;
  }
}

NormChar fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E)
    cp -= 0xFEE0;  // fullwidth ASCII forms
  if (cp < 0x80)
    return foldAscii(cp);
  if (isSpace(cp))
    return ofKind(cp, CharKind::kSpace);
  if (cp >= 0xC0 && cp <= 0xFF)
    return foldLatin1(cp);
  if (const auto latin = latinLookAlike(cp))
    return word(*latin);
  if (cp >= 0x0410 && cp <= 0x042F)
    return word(cp + 0x20);
  if (cp >= 0x0400 && cp <= 0x040F)
    return word(cp + 0x50);
  if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2)
    return word(cp + 0x20);
  if (isOtherLetter(cp))
    return word(cp);
  return ofKind(cp, CharKind::kOther);
}

}  // namespace

std::vector<NormChar> normalizeText(std::string_view text) {
  std::vector<NormChar> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t begin = i;
    const auto cp = decode(text, i);
    if (!cp) {
      NormChar invalid = ofKind(0xFFFD, CharKind::kOther);
      invalid.begin = begin;
      invalid.end = ++i;
      out.push_back(invalid);
      continue;
    }
    if (isAbsorbed(*cp) && !out.empty() && out.back().end == begin) {
      out.back().end = i;
      continue;
    }
    NormChar c = isAbsorbed(*cp) ? ofKind(*cp, CharKind::kOther) : fold(*cp);
    c.begin = begin;
    c.end = i;
    out.push_back(c);
  }
  return out;
}

std::string canonicalForm(std::string_view text) {
  std::string out;
  bool gap = false;
  for (const NormChar& c : normalizeText(text)) {
    if (c.kind != CharKind::kWord) {
      gap = true;
      continue;
    }
    if (gap && !out.empty())
      out += ' ';
    gap = false;
    sdk::appendUtf8(out, c.folded);
  }
  return out;
}

}  // namespace streamit::wordfilter
