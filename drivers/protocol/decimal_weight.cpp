#include "protocol/decimal_weight.hpp"

#include <array>
#include <limits>

namespace stationd::drivers {

namespace {

// More decimals than any scale shows; keeps 10^decimals exact in a double and
// in an int64.
constexpr int max_decimals = 9;

constexpr std::array<std::int64_t, max_decimals + 1> powers_of_ten = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

constexpr bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }

std::string_view trim_spaces(std::string_view text) noexcept {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

} // namespace

std::optional<decimal_weight> decimal_weight::parse(std::string_view text) {
  text = trim_spaces(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // The magnitude is accumulated unsigned so that the most negative int64 parses.
  const std::uint64_t limit =
      negative ? std::uint64_t{1} << 63 : std::uint64_t{std::numeric_limits<std::int64_t>::max()};
  std::uint64_t magnitude = 0;
  int integer_digits = 0;
  int decimals = 0;
  bool point = false;
  for (const char ch : text) {
    if (ch == '.' && !point) {
      point = true;
      continue;
    }
    if (!is_digit(ch)) {
      return std::nullopt;
    }
    const auto digit = static_cast<std::uint64_t>(ch - '0');
    if (magnitude > (limit - digit) / 10) {
      return std::nullopt;
    }
    magnitude = magnitude * 10 + digit;
    if (point) {
      if (++decimals > max_decimals) {
        return std::nullopt;
      }
    } else {
      ++integer_digits;
    }
  }
  // "5", "5.25" and "0.5"; not ".5", "5." or "".
  if (integer_digits == 0 || (point && decimals == 0)) {
    return std::nullopt;
  }
  decimal_weight weight;
  weight.decimals = decimals;
  weight.units = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return weight;
}

double decimal_weight::to_double() const noexcept {
  if (decimals <= 0 || decimals > max_decimals) {
    return static_cast<double>(units);
  }
  // Dividing by an exact power of ten rounds once, so "0.256" becomes the double
  // nearest to 0.256.
  return static_cast<double>(units) / static_cast<double>(powers_of_ten[static_cast<std::size_t>(decimals)]);
}

std::string decimal_weight::to_string() const {
  const bool negative = units < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  std::string digits = std::to_string(magnitude);
  if (decimals > 0) {
    const auto places = static_cast<std::size_t>(decimals);
    if (digits.size() <= places) {
      digits.insert(0, places + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - places, 1, '.');
  }
  if (negative) {
    digits.insert(0, 1, '-');
  }
  return digits;
}

} // namespace stationd::drivers
