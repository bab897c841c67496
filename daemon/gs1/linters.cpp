// The content checks named in the AI table. Each returns the end of an error
// sentence that the caller prefixes with "AI (17) 261331: ".

#include "gs1/linters.hpp"

#include "gs1/code_lists.hpp"
#include "gs1/dates.hpp"

#include <array>

#include <fmt/format.h>

namespace stationd::gs1::detail {
namespace {

using result = std::optional<lint_problem>;

result problem(errc code, std::size_t offset, std::string detail) { return lint_problem{code, offset, std::move(detail)}; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t input_position(const lint_context& context, std::size_t offset_in_part) {
  const std::size_t index = context.part_offset + offset_in_part;
  return context.origin ? context.origin->input_position(index) : index;
}

result check_csum(std::string_view part) {
  const auto expected = check_digit(part.substr(0, part.size() - 1));
  if (!expected) return problem(errc::bad_check_digit, 0, "the value is too short to carry a check digit");
  if (*expected != part.back())
    return problem(errc::bad_check_digit, part.size() - 1, fmt::format("check digit is {}, expected {}", part.back(), *expected));
  return std::nullopt;
}

// GS1 alphanumeric check character pair: the data characters' positions in
// CSET 82, weighted by the primes 2, 3, 5 ... from the right, sum mod 1021,
// written as two characters of CSET 32.
result check_csumalpha(std::string_view part) {
  static constexpr std::string_view cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  static constexpr std::string_view cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::array<unsigned, 30> primes = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41, 43,  47,
                                                      53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113};
  if (part.size() < 2) return problem(errc::bad_check_digit, 0, "the value is too short to carry its two check characters");
  const std::size_t data_length = part.size() - 2;
  if (data_length > primes.size()) return problem(errc::bad_check_digit, 0, "the value is too long for its check characters");
  for (std::size_t i = data_length; i < part.size(); ++i)
    if (cset32.find(part[i]) == std::string_view::npos)
      return problem(errc::bad_check_digit, i,
                     fmt::format("'{}' cannot be a check character (2-9 and A-Z without I and O)", part[i]));
  unsigned sum = 0;
  for (std::size_t i = 0; i < data_length; ++i) {
    const std::size_t value = cset82.find(part[i]);
    if (value == std::string_view::npos) return problem(errc::bad_character, i, fmt::format("'{}' is not in the GS1 character set", part[i]));
    sum += static_cast<unsigned>(value) * primes[data_length - 1 - i];
  }
  sum %= 1021;
  const char expected[2] = {cset32[sum >> 5], cset32[sum & 31]};
  if (part[data_length] != expected[0] || part[data_length + 1] != expected[1])
    return problem(errc::bad_check_digit, data_length,
                   fmt::format("check characters are {}, expected {}", part.substr(data_length), std::string_view(expected, 2)));
  return std::nullopt;
}

// A GS1 key starts with a GS1 Company Prefix, at least four digits long.
result check_key(std::string_view part, std::size_t skip) {
  constexpr std::size_t shortest_prefix = 4;
  const char* where = skip ? "after its first character, the value" : "the value";
  if (part.size() < skip + shortest_prefix)
    return problem(errc::bad_value, 0, fmt::format("{} is too short to start with a GS1 Company Prefix", where));
  for (std::size_t i = skip; i < skip + shortest_prefix; ++i)
    if (!is_digit(part[i]))
      return problem(errc::bad_value, i, fmt::format("{} must start with a GS1 Company Prefix (at least 4 digits)", where));
  return std::nullopt;
}

result check_month_day(int year, int month, int day, std::size_t month_offset, std::string_view month_text, bool allow_day_zero) {
  if (month < 1 || month > 12) return problem(errc::bad_date, month_offset, fmt::format("{} is not a month", month_text));
  if (day == 0) {
    if (allow_day_zero) return std::nullopt;
    return problem(errc::bad_date, month_offset + 2, "the day may not be 00 here (an exact date is needed)");
  }
  if (day > days_in_month(year, month))
    return problem(errc::bad_date, month_offset + 2, fmt::format("{} {} has no day {}", month_name(month), year, day));
  return std::nullopt;
}

result check_yymmdd(std::string_view part, int current_year, bool allow_day_zero) {
  const int year = expand_year(two_digits(part.substr(0, 2)), current_year);
  return check_month_day(year, two_digits(part.substr(2, 2)), two_digits(part.substr(4, 2)), 2, part.substr(2, 2), allow_day_zero);
}

result check_yyyymmdd(std::string_view part) {
  const int year = two_digits(part.substr(0, 2)) * 100 + two_digits(part.substr(2, 2));
  return check_month_day(year, two_digits(part.substr(4, 2)), two_digits(part.substr(6, 2)), 4, part.substr(4, 2), false);
}

result check_clock(std::string_view two, std::size_t offset, int limit, const char* what) {
  if (two_digits(two) > limit) return problem(errc::bad_time, offset, fmt::format("{} is not {}", two, what));
  return std::nullopt;
}

result check_hhmi(std::string_view part) {
  if (auto p = check_clock(part.substr(0, 2), 0, 23, "an hour")) return p;
  return check_clock(part.substr(2, 2), 2, 59, "a minute");
}

result check_iban(std::string_view part, const lint_context& context) {
  constexpr std::size_t longest = 34;
  constexpr std::size_t shortest = 11; // country, check digits and a few account characters
  if (part.size() < 4) return problem(errc::bad_value, 0, fmt::format("{} is too short to be an IBAN", part));
  if (!is_iso3166_alpha2(part.substr(0, 2)))
    return problem(errc::bad_value, 0, fmt::format("an IBAN starts with a country code, and {} is none", part.substr(0, 2)));
  if (part.size() > longest) return problem(errc::bad_value, 0, "an IBAN has at most 34 characters");
  if (part.size() < shortest) return problem(errc::bad_value, 0, fmt::format("{} is too short to be an IBAN", part));
  // ISO 7064 mod 97-10 over the rearranged IBAN (first four characters moved
  // to the end, letters as 10-35); valid when the remainder is 1.
  unsigned remainder = 0;
  for (std::size_t k = 0; k < part.size(); ++k) {
    const std::size_t i = (k + 4) % part.size();
    const char c = part[i];
    if (is_digit(c)) remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    else if (c >= 'A' && c <= 'Z') remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
    else
      return problem(errc::bad_value, i,
                     fmt::format("'{}' at position {} cannot appear in an IBAN (digits and capital letters only)", c,
                                 input_position(context, i)));
  }
  if (remainder != 1) return problem(errc::bad_check_digit, 2, fmt::format("the IBAN check digits {} are wrong", part.substr(2, 2)));
  return std::nullopt;
}

result check_piece_of_total(std::string_view part) {
  const std::size_t half = part.size() / 2;
  const std::string_view piece = part.substr(0, half);
  const std::string_view total = part.substr(half);
  if (part.size() % 2 != 0) return problem(errc::bad_value, 0, "piece and total must have the same number of digits");
  if (piece.find_first_not_of('0') == std::string_view::npos)
    return problem(errc::bad_value, 0, fmt::format("piece number {} is not allowed (pieces count from 1)", piece));
  if (total.find_first_not_of('0') == std::string_view::npos)
    return problem(errc::bad_value, half, fmt::format("the total number of pieces may not be {}", total));
  if (piece > total) return problem(errc::bad_value, 0, fmt::format("piece {} is more than the total of {}", piece, total));
  return std::nullopt;
}

result check_limit(std::string_view part, std::string_view limit, const char* what) {
  // Same width, so comparing the text compares the numbers.
  if (part > limit) return problem(errc::bad_value, 0, fmt::format("{} {} is above {}", what, part, limit));
  return std::nullopt;
}

result check_pcenc(std::string_view part, const lint_context& context) {
  auto hex = [](char c) { return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); };
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i] != '%') continue;
    if (i + 2 >= part.size() || !hex(part[i + 1]) || !hex(part[i + 2]))
      return problem(errc::bad_value, i,
                     fmt::format("'%' at position {} must be followed by two hex digits", input_position(context, i)));
    i += 2;
  }
  return std::nullopt;
}

// "3/7": position and end without leading zeros, position not beyond the end.
result check_position_in_sequence(std::string_view part) {
  const std::size_t slash = part.find('/');
  const bool shaped = slash != std::string_view::npos && slash > 0 && slash + 1 < part.size() &&
                      part.substr(0, slash).find_first_not_of("0123456789") == std::string_view::npos &&
                      part.substr(slash + 1).find_first_not_of("0123456789") == std::string_view::npos;
  if (!shaped) return problem(errc::bad_value, 0, fmt::format("{} must be a position in a sequence such as 1/3", part));
  const std::string_view position = part.substr(0, slash);
  const std::string_view end = part.substr(slash + 1);
  if (position.front() == '0' || end.front() == '0')
    return problem(errc::bad_value, 0, fmt::format("the numbers in {} may not start with 0", part));
  if (position.size() > end.size() || (position.size() == end.size() && position > end))
    return problem(errc::bad_value, 0, fmt::format("position {} is beyond the end {}", position, end));
  return std::nullopt;
}

} // namespace

std::optional<lint_problem> run_linter(linter which, std::string_view part, const lint_context& context) {
  switch (which) {
  case linter::none: return std::nullopt;
  case linter::csum: return check_csum(part);
  case linter::csumalpha: return check_csumalpha(part);
  case linter::key: return check_key(part, 0);
  case linter::keyoff1: return check_key(part, 1);
  case linter::yymmd0: return check_yymmdd(part, context.current_year, true);
  case linter::yymmdd: return check_yymmdd(part, context.current_year, false);
  case linter::yyyymmdd: return check_yyyymmdd(part);
  case linter::hh: return check_clock(part, 0, 23, "an hour");
  case linter::mi: return check_clock(part, 0, 59, "a minute");
  case linter::ss: return check_clock(part, 0, 59, "a second");
  case linter::hhmi: return check_hhmi(part);
  case linter::iso3166:
    if (is_iso3166_numeric(part)) return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} is not an ISO 3166 country code", part));
  case linter::iso3166999:
    if (part == "999" || is_iso3166_numeric(part)) return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} is neither an ISO 3166 country code nor 999", part));
  case linter::iso3166alpha2:
    if (is_iso3166_alpha2(part)) return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} is not an ISO 3166 two-letter country code", part));
  case linter::iso4217:
    if (is_iso4217_numeric(part)) return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} is not an ISO 4217 currency code", part));
  case linter::iso5218:
    if (part == "0" || part == "1" || part == "2" || part == "9") return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} is not an ISO 5218 sex code (0, 1, 2 or 9)", part));
  case linter::iban: return check_iban(part, context);
  case linter::pieceoftotal: return check_piece_of_total(part);
  case linter::nonzero:
    if (part.find_first_not_of('0') != std::string_view::npos) return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} may not be zero", part));
  case linter::zero:
    if (part == "0") return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("the first digit must be 0, not {}", part));
  case linter::winding:
    if (part == "0" || part == "1" || part == "9") return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("winding direction {} must be 0, 1 or 9", part));
  case linter::yesno:
    if (part == "0" || part == "1") return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} must be 0 (no) or 1 (yes)", part));
  case linter::hyphen:
    if (part == "-") return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("'{}' must be '-' (minus) or left out", part));
  case linter::latitude: return check_limit(part, "1800000000", "latitude");
  case linter::longitude: return check_limit(part, "3600000000", "longitude");
  case linter::pcenc: return check_pcenc(part, context);
  case linter::importeridx:
    if (part.size() == 1 && (is_digit(part[0]) || (part[0] >= 'A' && part[0] <= 'Z') || (part[0] >= 'a' && part[0] <= 'z') ||
                             part[0] == '-' || part[0] == '_'))
      return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("'{}' is not an importer index (0-9, A-Z, a-z, '-' or '_')", part));
  case linter::mediatype: {
    const int type = two_digits(part);
    if ((type >= 1 && type <= 10) || (type >= 80 && type <= 99)) return std::nullopt;
    return problem(errc::bad_value, 0, fmt::format("{} is not an AIDC media type (01-10 or 80-99)", part));
  }
  case linter::nozeroprefix:
    if (part.size() < 2 || part[0] != '0') return std::nullopt;
    return problem(errc::bad_value, 0, "the value may not start with 0");
  case linter::hasnondigit:
    if (part.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    return problem(errc::bad_value, 0, "the value must contain at least one character that is not a digit");
  case linter::posinseqslash: return check_position_in_sequence(part);
  }
  return std::nullopt;
}

} // namespace stationd::gs1::detail
