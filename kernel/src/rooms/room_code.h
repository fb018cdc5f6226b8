#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

// Room codes are the only secret needed to find a room, so they must be unguessable, and they
// are read aloud and typed on phones, so they avoid look-alike symbols.
//
// Canonical form: exactly kRoomCodeLength characters from kRoomCodeAlphabet (upper case).
// Only the canonical form is valid inside the system (keys, URLs, logs); user input is passed
// through normalizeRoomCode() first, which upper-cases ASCII letters and nothing else (no
// look-alike folding: 0/O/1/I/L simply never occur in a valid code).
namespace streamit::rooms {

// Digits 2-9 and A-Z without I, L, O: 31 symbols (log2(31) ≈ 4.95 bits per symbol).
inline constexpr std::string_view kRoomCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
// 10 symbols ≈ 49.5 bits of entropy (requirement: ≥ 40).
inline constexpr std::size_t kRoomCodeLength = 10;

// Must return uniformly distributed values over the FULL uint64_t range (e.g. a CSPRNG such as
// Poco::RandomInputStream or getrandom() reads). Called from the caller's thread only.
using RandomSource = std::function<std::uint64_t()>;

// Draws a code with rejection sampling, so every symbol is exactly equally likely (no modulo
// bias). Throws std::runtime_error if the source keeps returning rejected values (a broken
// source must not hang the caller).
std::string generateRoomCode(const RandomSource& random);

// One unbiased index in [0, kRoomCodeAlphabet.size()); exposed for the bias tests.
std::size_t drawAlphabetIndex(const RandomSource& random);

// True only for the canonical (upper-case) form.
bool isValidRoomCode(std::string_view code);

// User input → canonical code (ASCII upper-casing only), or nullopt when it cannot be a code.
std::optional<std::string> normalizeRoomCode(std::string_view input);

}  // namespace streamit::rooms
