#pragma once

// Calendar helpers shared by the date checks and describe(). Internal to the
// gs1 library.

#include <string_view>

namespace stationd::gs1::detail {

// The four-digit year of a two-digit YY, by the GS1 sliding window: up to 49
// years ahead of `current_year` and 50 back.
int expand_year(int yy, int current_year) noexcept;

bool is_leap_year(int year) noexcept;
int days_in_month(int year, int month) noexcept; // month 1-12
std::string_view month_name(int month) noexcept; // "February"

// "26" -> 26; -1 unless both characters are digits.
int two_digits(std::string_view text) noexcept;

} // namespace stationd::gs1::detail
