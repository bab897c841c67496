#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::drivers {

// A weight as the scale sent it: an integer count of its smallest shown step and
// the number of decimals, so "0.256" stays exactly 256 x 10^-3 (no binary float
// rounding between the scale and the label).
struct decimal_weight {
  std::int64_t units = 0;
  int decimals = 0;

  // "-0.256", "129.09", "  100.00" (spaces around are ignored); nullopt otherwise.
  // Optional sign, at least one digit before an optional point and one after
  // it, at most 9 decimals, no exponent; nullopt when it does not fit int64.
  static std::optional<decimal_weight> parse(std::string_view text);
  double to_double() const noexcept;
  std::string to_string() const; // "0.256", "-12.50"
  friend bool operator==(const decimal_weight&, const decimal_weight&) = default;
};

} // namespace stationd::drivers
