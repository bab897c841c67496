#pragma once

// The AI dictionary as the parsers and validators see it: for each AI its
// public definition plus the parts of its value, the content checks of each
// part, and its associations (required / excluded AIs, Digital Link role).
// Internal to the gs1 library.

#include "gs1/gs1.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stationd::gs1::detail {

// Content checks of one part of a value, named as in the GS1 Barcode Syntax
// Dictionary so the table reads like the dictionary.
enum class linter : std::uint8_t {
  none,
  csum,          // GS1 mod-10 check digit
  csumalpha,     // GS1 alphanumeric check character pair (GMN, MUDI)
  key,           // starts with a GS1 Company Prefix (at least 4 digits)
  keyoff1,       // the same from the second character on
  yymmd0,        // YYMMDD, DD = 00 allowed (day unspecified)
  yymmdd,        // YYMMDD, a real day
  yyyymmdd,      // YYYYMMDD
  hh,            // hour 00-23
  mi,            // minute 00-59
  ss,            // second 00-59
  hhmi,          // HHMM
  iso3166,       // ISO 3166 numeric country code
  iso3166999,    // the same or 999
  iso3166alpha2, // ISO 3166 two-letter country code
  iso4217,       // ISO 4217 numeric currency code
  iso5218,       // ISO 5218 sex code 0, 1, 2, 9
  iban,          // ISO 13616 IBAN with its mod-97 check
  pieceoftotal,  // PPTT, 0 < piece <= total
  nonzero,       // not all zeros
  zero,          // exactly "0"
  winding,       // 0, 1 or 9
  yesno,         // 0 or 1
  hyphen,        // "-"
  latitude,      // 0000000000-1800000000
  longitude,     // 0000000000-3600000000
  pcenc,         // well-formed %XX escapes
  importeridx,   // one character of 0-9 A-Z a-z - _
  mediatype,     // AIDC media type 01-10, 80-99
  nozeroprefix,  // no leading 0
  hasnondigit,   // at least one non-digit
  posinseqslash, // "3/7"
};

// One part of a value: "N6,yymmd0" or "[X..17]".
struct component {
  char_set cset = char_set::numeric;
  std::uint8_t min = 0;
  std::uint8_t max = 0;
  bool optional = false;
  std::array<linter, 4> linters{}; // ends at the first linter::none
};

// All parts of a value, in order. Only the last part may vary in length.
struct format {
  std::array<component, 5> parts{};
  std::uint8_t count = 0;
  std::uint8_t min_length = 0; // sum of the minima of the mandatory parts
  std::uint8_t max_length = 0; // sum of the maxima of all parts
  bool numeric = true;         // every part is N
  bool readable = true;        // false when the spec text could not be read (a compile-time check)
};

struct ai_entry {
  ai_definition def;
  const format* fmt = nullptr;
  // Association rules in the dictionary's notation. `req`: groups separated by
  // ' ', each satisfied by any of its ','-separated alternatives, an
  // alternative being one AI or '+'-joined AIs that must all be present. `ex`:
  // ','-separated AIs none of which may be present. AIs may be patterns
  // ("310n", "31nn"); an AI never excludes or satisfies itself.
  std::string_view req;
  std::string_view ex;
  // Digital Link key qualifiers of a primary key: '|'-separated alternative
  // sequences of ','-separated AIs, in path order ("22,10,21|235").
  std::string_view qualifiers;
};

// Exact lookup; nullptr when the AI is not in the table.
const ai_entry* lookup(std::string_view ai) noexcept;

// Length of the AIs starting with these two digits (every AI sharing its first
// two digits has the same length); 0 when no AI starts with them.
std::size_t ai_length_for_prefix(char d0, char d1) noexcept;

// Every entry, sorted by AI.
const ai_entry* entries_begin() noexcept;
const ai_entry* entries_end() noexcept;

// True when `ai` matches `pattern` ("3103" matches "310n", "31nn", "3103").
constexpr bool ai_matches(std::string_view pattern, std::string_view ai) noexcept {
  if (pattern.size() != ai.size()) return false;
  for (std::size_t i = 0; i < ai.size(); ++i)
    if (pattern[i] != 'n' && pattern[i] != ai[i]) return false;
  return true;
}

} // namespace stationd::gs1::detail
