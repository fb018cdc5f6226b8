// Pure text normalization for the word filter: no I/O, unit-tested without the plugin.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace streamit::wordfilter {

// How a code point takes part in word matching.
enum class CharKind : std::uint8_t {
  kWord,    // a letter, digit or look-alike symbol: part of a word
  kSpace,   // Unicode White_Space
  kJoiner,  // ASCII punctuation that evaders put between letters (". _ - * ' ...")
  kOther,   // everything else (emoji, CJK, symbols, controls, invalid bytes): a word boundary
};

// One code point of the original text after folding. `begin`/`end` are byte offsets into the
// original; `end` also covers the combining marks and zero-width characters that follow, so
// masking a NormChar never splits a grapheme's marks from their base.
struct NormChar {
  char32_t folded = 0;            // canonical letter (lower case, look-alikes mapped to Latin)
  std::uint32_t alsoLetters = 0;  // extra a–z letters it may stand for (bit 0 = 'a'): 1 → l
  CharKind kind = CharKind::kOther;
  bool symbol = false;  // a look-alike symbol (@ $ ! |): may be dropped at a word's edges
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Decodes `text` (invalid UTF-8 bytes become one kOther NormChar each) and folds every code
// point: ASCII and Latin-1 case folding and accent stripping (É → e, ß → s), fullwidth forms
// to ASCII, digits and symbols to the letters they imitate (0→o 1→i/l 3→e 4→a 5→s 7→t @→a
// $→s !→i |→i/l), Cyrillic and Greek look-alikes to Latin (а е о р с х у → a e o p c x y).
// Combining marks (U+0300–036F etc.), zero-width characters, soft hyphens and variation
// selectors are absorbed into the preceding NormChar. Linear in text size.
std::vector<NormChar> normalizeText(std::string_view text);

// The folded word characters as UTF-8 with every non-word run collapsed to one space:
// "Ｂа.Ｄ 3x" → "ba d ex" (the а is Cyrillic). For tests and logs.
std::string canonicalForm(std::string_view text);

}  // namespace streamit::wordfilter
