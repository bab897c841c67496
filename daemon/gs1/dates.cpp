// Dates in GS1 values: YYMMDD with the century window, YYMM00 for "day
// unspecified", ISO 8601 rendering.

#include "gs1/dates.hpp"
#include "gs1/gs1.hpp"

#include <array>

#include <fmt/format.h>

namespace stationd::gs1::detail {

int expand_year(int yy, int current_year) noexcept {
  const int century = current_year - current_year % 100;
  const int difference = yy - current_year % 100;
  if (difference >= 51) return century - 100 + yy;
  if (difference > -50) return century + yy;
  return century + 100 + yy;
}

bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) noexcept {
  static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

std::string_view month_name(int month) noexcept {
  static constexpr std::array<std::string_view, 12> names = {"January", "February", "March",     "April",   "May",      "June",
                                                             "July",    "August",   "September", "October", "November", "December"};
  if (month < 1 || month > 12) return "?";
  return names[static_cast<std::size_t>(month - 1)];
}

int two_digits(std::string_view text) noexcept {
  if (text.size() != 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9') return -1;
  return (text[0] - '0') * 10 + (text[1] - '0');
}

} // namespace stationd::gs1::detail

namespace stationd::gs1 {

std::optional<date> parse_yymmdd(std::string_view text, int current_year, bool allow_day_zero) {
  if (text.size() != 6) return std::nullopt;
  const int yy = detail::two_digits(text.substr(0, 2));
  const int mm = detail::two_digits(text.substr(2, 2));
  const int dd = detail::two_digits(text.substr(4, 2));
  if (yy < 0 || mm < 1 || mm > 12 || dd < 0) return std::nullopt;
  date d;
  d.year = detail::expand_year(yy, current_year);
  d.month = mm;
  const int last_day = detail::days_in_month(d.year, mm);
  if (dd == 0) {
    if (!allow_day_zero) return std::nullopt;
    d.day = last_day; // an unspecified day reads as the month's last day (expiry semantics)
    d.day_unspecified = true;
    return d;
  }
  if (dd > last_day) return std::nullopt;
  d.day = dd;
  return d;
}

// Always a full date, so consumers can compare and sort; a YYMM00 date reads
// as the month's last day (day_unspecified says it was not given).
std::string to_iso(const date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

} // namespace stationd::gs1
