#pragma once

// GS1 element strings: the AI dictionary, check digits, dates, decimal values,
// and the three written forms of the same data:
//   element string  "0119501101530000" "10LOT-A1" "\x1d" "21SN0001"   (what a scanner sends after ]C1/]d2/]Q3/]e0)
//   bracketed (HRI) "(01)19501101530000(10)LOT-A1(21)SN0001"
//   Digital Link    "https://id.gs1.org/01/19501101530000/10/LOT-A1/21/SN0001"
// Pure code: no I/O, no clock (the caller passes the current year for the
// century of YYMMDD dates).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::gs1 {

// ---------------------------------------------------------------- errors

enum class errc {
  empty,                 // no data at all
  not_ascii,             // a byte outside printable ASCII (other than GS where allowed)
  bad_character,         // a character the AI's character set does not allow
  unknown_ai,            // no such AI in the dictionary
  too_short,             // value shorter than the AI allows (incl. truncated fixed-length values)
  too_long,              // value longer than the AI allows (often: a missing GS separator)
  bad_check_digit,       // GTIN/SSCC/GLN/... mod-10 check digit wrong
  bad_date,              // not a valid YYMMDD (or day 00 where the AI forbids it)
  bad_time,              // not a valid HHMI etc.
  bad_value,             // another linter failed (country code, decimal point digit ...)
  duplicate_ai,          // the same AI twice with different values
  missing_required_ai,   // an AI whose required companions are absent ("req")
  excluded_ai_pair,      // two AIs that may not appear together ("ex")
  bad_syntax,            // bracketed form: unbalanced parentheses, empty AI, ...
  bad_uri,               // Digital Link: not an http(s) URI, bad percent-encoding, ...
  bad_path,              // Digital Link: no primary key, qualifiers out of order, ...
  bad_query,             // Digital Link: key qualifier in the query, non-AI params ...
};

// Every error carries a complete English sentence in `message`, exact and
// stable (tests assert it), plus the parts a caller may need to translate it.
struct error {
  errc code = errc::empty;
  std::string ai;          // the AI concerned, if any ("01")
  std::string value;       // the value concerned, as found
  std::size_t position = 0; // byte offset in the input where the problem is
  std::string message;     // e.g. "AI (01) 19501101530001: check digit is 1, expected 0"
};

// ---------------------------------------------------------------- dictionary

enum class char_set { numeric, cset82, cset39, cset64 };

// One AI definition (or one AI of a family such as 3100-3105, stored per AI).
struct ai_definition {
  std::string_view ai;         // "01", "3103", "8008"
  std::string_view title;      // "GTIN", "NET WEIGHT (kg)"
  bool fnc1_required = true;   // false for the pre-defined length prefixes (00-04, 11-20, 31-36, 41)
  std::uint8_t min_length = 1; // total value length limits
  std::uint8_t max_length = 1;
  int decimals = -1;           // 310n-369n, 390n ...: n; -1 for other AIs
  bool dl_primary_key = false; // may start a Digital Link path (00, 01, 414, 8003 ...)
  bool dl_data_attribute = false; // may appear in a Digital Link query ("?" in the dictionary)
};

// Exact lookup: "3103" -> NET WEIGHT (kg) with 3 decimals; nullptr when unknown.
const ai_definition* find_ai(std::string_view ai);
// All AIs, sorted by AI.
std::vector<const ai_definition*> all_ais();

// ---------------------------------------------------------------- values

struct element {
  std::string ai;
  std::string value;
  friend bool operator==(const element&, const element&) = default;
};

struct parse_options {
  int current_year = 2026; // for the YYMMDD century window (GS1 GenSpecs sliding window)
  // Required companions ((3302) needs (00) or (01), ...) are checked within the
  // code. False for one of several barcodes of a label, whose companions may be
  // in another: the label's codes are then checked together.
  bool require_companions = true;
};

struct parsed {
  std::vector<element> elements; // in the order found
  std::optional<gs1::error> failure;
  explicit operator bool() const noexcept { return !failure; }
};

// Scanner data after the symbology identifier, GS (0x1D) separating variable-length
// fields. A leading FNC1/GS is tolerated. Validates every value and the AI
// associations (required / excluded pairs).
parsed parse_element_string(std::string_view data, const parse_options& options = {});

// "(01)19501101530000(10)LOT-A1"; a '(' inside a value is written "\(".
parsed parse_bracketed(std::string_view text, const parse_options& options = {});

// "https://id.gs1.org/01/19501101530000/10/LOT-A1?17=261231" (any host; an optional
// path prefix before the primary key; fragment ignored; %-decoding). Elements come out
// in path order, then query order.
parsed parse_digital_link(std::string_view uri, const parse_options& options = {});

// The same elements in one order whatever form they came in: the Digital Link
// primary key first, then pre-defined-length AIs, then variable-length AIs, each
// group by AI. Lets the three written forms of one code compare equal.
std::vector<element> canonical_order(std::vector<element> elements);

// Renderings. Inputs are assumed valid (e.g. from a parse).
std::string to_bracketed(const std::vector<element>& elements);
std::string to_element_string(const std::vector<element>& elements); // GS only where needed, none at the end
// The first primary key and its qualifiers go in the path (in the dictionary's
// order), the other AIs in the query: fixed-length ones first, then the rest,
// each in the order given, as the GS1 reference generator writes them. Empty
// when no Digital Link can carry the elements (no primary key, or an AI that
// belongs neither in the path nor in the query).
std::string to_digital_link(const std::vector<element>& elements, std::string_view stem = "https://id.gs1.org");

// ---------------------------------------------------------------- helpers

// GS1 mod-10 check digit of `digits` (the data without its check digit);
// nullopt when `digits` is empty or not all digits.
std::optional<char> check_digit(std::string_view digits);
// True when the last digit of `full` is the check digit of the rest.
bool valid_check_digit(std::string_view full);

// A GTIN-8/12/13/14 as GTIN-14 (left-padded with zeros) after validating length
// and check digit; nullopt otherwise.
std::optional<std::string> normalize_gtin(std::string_view gtin);

struct date {
  int year = 0;
  int month = 0;
  int day = 0;               // the last day of the month when day_unspecified
  bool day_unspecified = false; // YYMM00
  friend bool operator==(const date&, const date&) = default;
};
// YYMMDD with the century window; day 00 is allowed when `allow_day_zero`.
std::optional<date> parse_yymmdd(std::string_view text, int current_year, bool allow_day_zero);
std::string to_iso(const date& d); // "2026-12-31" (for YYMM00 the month's last day, see day_unspecified)

struct decimal {
  std::int64_t units = 0; // 012345 with 3 decimals -> 12345
  int decimals = 0;
  double to_double() const noexcept;
  std::string to_string() const; // "12.345"
  friend bool operator==(const decimal&, const decimal&) = default;
};
// The value of a decimal-point AI (310n ...); nullopt for other AIs.
std::optional<decimal> decimal_value(const element& e);

// A short human meaning of one element for displays and `stationctl decode`:
// "12.345 kg", "2026-12-31", "2026-12 (day unspecified)", or the value itself.
std::string describe(const element& e, int current_year);

} // namespace stationd::gs1
