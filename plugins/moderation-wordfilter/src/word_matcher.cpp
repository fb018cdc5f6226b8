#include "word_matcher.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>

namespace streamit::wordfilter {
namespace {

constexpr std::size_t kMaxGap = 3;  // spaces/joiners allowed between spaced-out letters
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// The word as a bit-parallel automaton: bit k of `maskFor(c)` says c can be letter k.
class Automaton {
 public:
  explicit Automaton(const BlockedWord& word) : length_(word.letters.size()), rule_(word.rule) {
    for (std::size_t k = 0; k < length_; ++k) {
      const char32_t letter = word.letters[k];
      if (letter >= 'a' && letter <= 'z')
        ascii_[letter - 'a'] |= std::uint64_t{1} << k;
      else
        other_.push_back({letter, std::uint64_t{1} << k});
    }
  }

  std::uint64_t maskFor(const NormChar& c) const {
    if (c.kind != CharKind::kWord)
      return 0;
    std::uint64_t m = 0;
    if (c.folded >= 'a' && c.folded <= 'z') {
      m = ascii_[c.folded - 'a'];
    } else {
      for (const auto& [letter, bits] : other_) {
        if (letter == c.folded)
          m |= bits;
      }
    }
    for (std::uint32_t also = c.alsoLetters; also != 0; also &= also - 1)
      m |= ascii_[static_cast<std::size_t>(std::countr_zero(also))];
    return m;
  }

  // Runs over `unit` (indices into `text`). Whole mode: the match must cover the unit except
  // look-alike symbols at its edges; otherwise anywhere. Each letter may repeat (self-loop).
  void run(const std::vector<NormChar>& text, const std::vector<std::size_t>& unit, bool anywhere,
           std::vector<WordMatch>& out) const {
    if (length_ == 0 || unit.empty())
      return;
    std::size_t firstPlain = unit.size();
    std::size_t lastPlain = 0;
    for (std::size_t p = 0; p < unit.size(); ++p) {
      if (!text[unit[p]].symbol) {
        firstPlain = std::min(firstPlain, p);
        lastPlain = p;
      }
    }
    std::array<std::size_t, 64> start{};
    std::array<std::size_t, 64> next{};
    std::uint64_t state = 0;
    const std::uint64_t accept = std::uint64_t{1} << (length_ - 1);
    for (std::size_t p = 0; p < unit.size(); ++p) {
      const bool canStart = anywhere || p <= firstPlain;
      const std::uint64_t reachable = (state << 1) | state | (canStart ? 1u : 0u);
      const std::uint64_t after = reachable & maskFor(text[unit[p]]);
      for (std::uint64_t bits = after; bits != 0; bits &= bits - 1) {
        const auto k = static_cast<std::size_t>(std::countr_zero(bits));
        std::size_t best = kNone;
        if ((state >> k) & 1u)
          best = start[k];
        if (k > 0 && ((state >> (k - 1)) & 1u))
          best = std::min(best, start[k - 1]);
        if (k == 0 && canStart)
          best = std::min(best, p);
        next[k] = best;
      }
      state = after;
      std::swap(start, next);
      if ((state & accept) != 0 && (anywhere || p >= lastPlain)) {
        const NormChar& first = text[unit[start[length_ - 1]]];
        out.push_back(WordMatch{first.begin, text[unit[p]].end, rule_});
      }
    }
  }

 private:
  std::size_t length_;
  std::size_t rule_;
  std::array<std::uint64_t, 26> ascii_{};
  std::vector<std::pair<char32_t, std::uint64_t>> other_;
};

struct Piece {
  std::size_t begin;  // NormChar indices [begin, end)
  std::size_t end;
};

std::vector<Piece> pieces(const std::vector<NormChar>& text) {
  std::vector<Piece> out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i].kind != CharKind::kWord) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < text.size() && text[i].kind == CharKind::kWord)
      ++i;
    out.push_back(Piece{begin, i});
  }
  return out;
}

bool joinedByOne(const std::vector<NormChar>& text, const Piece& a, const Piece& b) {
  return b.begin == a.end + 1 && text[a.end].kind == CharKind::kJoiner;
}

bool spacedApart(const std::vector<NormChar>& text, const Piece& a, const Piece& b) {
  if (a.end - a.begin != 1 || b.end - b.begin != 1 || b.begin - a.end > kMaxGap)
    return false;
  for (std::size_t i = a.end; i < b.begin; ++i) {
    if (text[i].kind != CharKind::kSpace && text[i].kind != CharKind::kJoiner)
      return false;
  }
  return true;
}

void appendPiece(std::vector<std::size_t>& unit, const Piece& p) {
  for (std::size_t i = p.begin; i < p.end; ++i)
    unit.push_back(i);
}

}  // namespace

std::optional<BlockedWord> compileWord(std::string_view entry, std::size_t rule,
                                       std::string& error) {
  const std::string where = "words: entry " + std::to_string(rule);
  std::size_t codePoints = 0;
  for (const char c : entry) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++codePoints;
  }
  if (entry.empty()) {
    error = where + " must not be empty";
    return std::nullopt;
  }
  if (codePoints > kMaxWordCodePoints) {
    error = where + " is longer than " + std::to_string(kMaxWordCodePoints) + " characters";
    return std::nullopt;
  }
  BlockedWord word;
  word.rule = rule;
  for (const NormChar& c : normalizeText(entry)) {
    if (c.kind != CharKind::kWord) {
      error = where +
              " must be one word of letters and digits (no spaces, punctuation, emoji or "
              "invalid UTF-8)";
      return std::nullopt;
    }
    word.letters.push_back(c.folded);
  }
  return word;
}

std::vector<WordMatch> findWords(const std::vector<NormChar>& text,
                                 const std::vector<BlockedWord>& words, bool substrings) {
  std::vector<Automaton> automata;
  automata.reserve(words.size());
  for (const auto& w : words)
    automata.emplace_back(w);
  std::vector<WordMatch> out;
  const auto runAll = [&](const std::vector<std::size_t>& unit, bool anywhere) {
    for (const auto& a : automata)
      a.run(text, unit, anywhere, out);
  };

  const std::vector<Piece> all = pieces(text);
  std::vector<std::size_t> unit;
  for (const Piece& p : all) {
    unit.clear();
    appendPiece(unit, p);
    runAll(unit, substrings);
  }
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j + 1 < all.size() && joinedByOne(text, all[j], all[j + 1]))
      ++j;
    if (j > i) {
      unit.clear();
      for (std::size_t k = i; k <= j; ++k)
        appendPiece(unit, all[k]);
      runAll(unit, substrings);
    }
    i = j + 1;
  }
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j + 1 < all.size() && spacedApart(text, all[j], all[j + 1]))
      ++j;
    if (j > i) {
      unit.clear();
      for (std::size_t k = i; k <= j; ++k)
        appendPiece(unit, all[k]);
      runAll(unit, true);
    }
    i = j + 1;
  }
  std::sort(out.begin(), out.end(), [](const WordMatch& a, const WordMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  return out;
}

std::string maskMatches(std::string_view text, const std::vector<NormChar>& chars,
                        const std::vector<WordMatch>& matches, std::string_view mask) {
  // +1 where a match starts, -1 after it ends (NormChar indices): linear however they overlap.
  std::vector<int> depth(chars.size() + 1, 0);
  const auto indexOf = [&](std::size_t byte) {
    const auto it = std::lower_bound(chars.begin(), chars.end(), byte,
                                     [](const NormChar& c, std::size_t b) { return c.begin < b; });
    return static_cast<std::size_t>(it - chars.begin());
  };
  for (const WordMatch& m : matches) {
    ++depth[indexOf(m.begin)];
    --depth[indexOf(m.end)];
  }
  std::string out;
  out.reserve(text.size());
  int inside = 0;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    inside += depth[i];
    if (inside > 0)
      out += mask;
    else
      out += text.substr(chars[i].begin, chars[i].end - chars[i].begin);
  }
  return out;
}

}  // namespace streamit::wordfilter
