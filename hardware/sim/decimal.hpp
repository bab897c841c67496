#pragma once

// A weight as an exact decimal. Indicators count in divisions and print fixed decimals;
// binary floating point would turn "1.250" into 1.24999… and break byte-exact replies.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace stationd::sim {

class decimal {
public:
  // Millionths: finer than any display resolution a simulated indicator uses.
  static constexpr std::int64_t one = 1'000'000;
  static constexpr int max_decimals = 6;

  constexpr decimal() = default;

  // "1.250", "-0.5", "+12", "3.". Throws std::invalid_argument (more than 6 decimals,
  // no digits, junk).
  static decimal parse(std::string_view text);
  static constexpr decimal from_millionths(std::int64_t value) { return decimal{value}; }
  // 5042 counts at 3 decimals = 5.042.
  static decimal from_counts(std::int64_t counts, int decimals);

  constexpr std::int64_t millionths() const noexcept { return value_; }
  // Whole display divisions at `decimals`, rounded half away from zero.
  std::int64_t counts(int decimals) const;
  // Fixed-point text with exactly `decimals` digits after the point ("-1.250").
  std::string to_string(int decimals) const;
  double to_double() const noexcept { return static_cast<double>(value_) / static_cast<double>(one); }

  constexpr decimal operator-() const { return decimal{-value_}; }
  constexpr decimal operator+(decimal other) const { return decimal{value_ + other.value_}; }
  constexpr decimal operator-(decimal other) const { return decimal{value_ - other.value_}; }
  constexpr bool is_zero() const noexcept { return value_ == 0; }
  constexpr bool negative() const noexcept { return value_ < 0; }
  constexpr decimal abs() const { return decimal{value_ < 0 ? -value_ : value_}; }
  constexpr auto operator<=>(const decimal&) const = default;

private:
  constexpr explicit decimal(std::int64_t value) : value_{value} {}
  std::int64_t value_ = 0;
};

} // namespace stationd::sim
