// Pure matching of listed words against normalized chat text; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text_normalizer.h"

namespace streamit::wordfilter {

inline constexpr std::size_t kMaxWordCodePoints = 64;

// A listed word, folded like chat text. `rule` is its index in the config list.
struct BlockedWord {
  std::vector<char32_t> letters;
  std::size_t rule = 0;
};

// Folds a config entry; nullopt with `error` set when it is empty, longer than
// kMaxWordCodePoints, not valid UTF-8 or contains anything but word characters (letters,
// digits, look-alike symbols; no spaces or punctuation).
std::optional<BlockedWord> compileWord(std::string_view entry, std::size_t rule,
                                       std::string& error);

// One offending stretch of the original text, in byte offsets on code-point boundaries.
struct WordMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t rule = 0;
};

// Finds every listed word in `text`. Candidates are
//   - pieces: maximal runs of word characters ("bad", "b@d!");
//   - joined pieces: pieces separated by exactly one joiner ("b.a.d", "b_a_d", "ba-d");
//   - spaced letters: runs of one-character pieces separated by 1–3 spaces or joiners
//     ("b a d", "x b  a d y"); any contiguous stretch of such a run may match.
// A piece or joined piece must equal the word (look-alike symbols at its edges may be left
// out: "b@d!" and "$hit" still match) unless `substrings`, when the word may appear anywhere
// inside it. Letters repeat freely: each letter of the word matches one or more text
// characters, so "baaad" and "bbadd" match "bad", while a doubled letter in the word needs at
// least two in the text ("ass" does not match "as"). Matches are sorted and may overlap.
// Time: O(text length × total word length / 64) plus O(matches).
std::vector<WordMatch> findWords(const std::vector<NormChar>& text,
                                 const std::vector<BlockedWord>& words, bool substrings);

// `text` with every code point inside a match (its combining marks included) replaced by
// `mask`; everything else is copied byte for byte.
std::string maskMatches(std::string_view text, const std::vector<NormChar>& chars,
                        const std::vector<WordMatch>& matches, std::string_view mask);

}  // namespace streamit::wordfilter
