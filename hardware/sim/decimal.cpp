#include "sim/decimal.hpp"

#include <stdexcept>

namespace stationd::sim {
namespace {

std::int64_t power_of_ten(int exponent) {
  std::int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

void check_decimals(int decimals) {
  if (decimals < 0 || decimals > decimal::max_decimals)
    throw std::invalid_argument("decimals must be 0..6");
}

} // namespace

decimal decimal::parse(std::string_view text) {
  const std::string original{text};
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  int fraction_digits = 0;
  bool any_digit = false;
  bool seen_point = false;
  for (const char c : text) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') throw std::invalid_argument("not a decimal number: '" + original + "'");
    any_digit = true;
    if (seen_point) {
      if (++fraction_digits > max_decimals)
        throw std::invalid_argument("more than 6 decimals: '" + original + "'");
      fraction = fraction * 10 + (c - '0');
    } else {
      whole = whole * 10 + (c - '0');
      if (whole > 9'000'000'000'000) throw std::invalid_argument("number too large: '" + original + "'");
    }
  }
  if (!any_digit) throw std::invalid_argument("not a decimal number: '" + original + "'");
  const std::int64_t value = whole * one + fraction * power_of_ten(max_decimals - fraction_digits);
  return decimal{negative ? -value : value};
}

decimal decimal::from_counts(std::int64_t counts, int decimals) {
  check_decimals(decimals);
  return decimal{counts * power_of_ten(max_decimals - decimals)};
}

std::int64_t decimal::counts(int decimals) const {
  check_decimals(decimals);
  const std::int64_t step = power_of_ten(max_decimals - decimals);
  const std::int64_t magnitude = value_ < 0 ? -value_ : value_;
  const std::int64_t rounded = (magnitude + step / 2) / step;
  return value_ < 0 ? -rounded : rounded;
}

std::string decimal::to_string(int decimals) const {
  const std::int64_t c = counts(decimals);
  const std::int64_t magnitude = c < 0 ? -c : c;
  const std::int64_t unit = power_of_ten(decimals);
  std::string text = std::to_string(magnitude / unit);
  if (decimals > 0) {
    std::string fraction = std::to_string(magnitude % unit);
    text += '.';
    text += std::string(static_cast<std::size_t>(decimals) - fraction.size(), '0');
    text += fraction;
  }
  return c < 0 ? "-" + text : text;
}

} // namespace stationd::sim
