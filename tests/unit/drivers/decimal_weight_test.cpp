#include "protocol/decimal_weight.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using stationd::drivers::decimal_weight;

namespace {

struct parse_row {
  std::string text;
  std::optional<decimal_weight> expected; // nullopt: refused
  std::string shown;                       // to_string() of the parsed weight
};

decimal_weight w(std::int64_t units, int decimals) { return decimal_weight{units, decimals}; }

} // namespace

TEST_CASE("decimal_weight::parse") {
  const std::vector<parse_row> rows = {
      // as scales send them
      {"0.256", w(256, 3), "0.256"},
      {"129.09", w(12909, 2), "129.09"},
      {"     0.256", w(256, 3), "0.256"},
      {"  100.00", w(10000, 2), "100.00"},
      {"100.00  ", w(10000, 2), "100.00"},
      {"-0.256", w(-256, 3), "-0.256"},
      {"+0.256", w(256, 3), "0.256"},
      {"-12.50", w(-1250, 2), "-12.50"},
      {"012345", w(12345, 0), "12345"},
      {"012.34", w(1234, 2), "12.34"},
      {"0", w(0, 0), "0"},
      {"-0.000", w(0, 3), "0.000"},
      {"5", w(5, 0), "5"},
      {"0.005", w(5, 3), "0.005"},
      {"-0.005", w(-5, 3), "-0.005"},
      {"1.123456789", w(1123456789, 9), "1.123456789"},
      {"9223372036854775807", w(std::numeric_limits<std::int64_t>::max(), 0), "9223372036854775807"},
      {"-9223372036854775808", w(std::numeric_limits<std::int64_t>::min(), 0), "-9223372036854775808"},
      {"922337203.6854775807", std::nullopt, ""}, // 10 decimals
      {"92233720368.54775807", w(std::numeric_limits<std::int64_t>::max(), 8), "92233720368.54775807"},
      // refused
      {"", std::nullopt, ""},
      {"   ", std::nullopt, ""},
      {"-", std::nullopt, ""},
      {"+", std::nullopt, ""},
      {".", std::nullopt, ""},
      {".5", std::nullopt, ""},
      {"5.", std::nullopt, ""},
      {"-.5", std::nullopt, ""},
      {"1.2.3", std::nullopt, ""},
      {"1,5", std::nullopt, ""},
      {"1e3", std::nullopt, ""},
      {"1.5e-3", std::nullopt, ""},
      {"0x10", std::nullopt, ""},
      {"--1", std::nullopt, ""},
      {"+-1", std::nullopt, ""},
      {"- 1", std::nullopt, ""},
      {"1 000", std::nullopt, ""},
      {"12kg", std::nullopt, ""},
      {"\t1", std::nullopt, ""},
      {"1\r", std::nullopt, ""},
      {"nan", std::nullopt, ""},
      {"inf", std::nullopt, ""},
      {"0.1234567890", std::nullopt, ""}, // 10 decimals
      {"9223372036854775808", std::nullopt, ""},
      {"-9223372036854775809", std::nullopt, ""},
      {"99999999999999999999", std::nullopt, ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    const auto parsed = decimal_weight::parse(row.text);
    REQUIRE(parsed.has_value() == row.expected.has_value());
    if (parsed) {
      CHECK(*parsed == *row.expected);
      CHECK(parsed->to_string() == row.shown);
    }
  }
}

TEST_CASE("decimal_weight::to_string and to_double") {
  struct row {
    decimal_weight weight;
    std::string text;
    double value;
  };
  const std::vector<row> rows = {
      {w(256, 3), "0.256", 0.256},
      {w(-256, 3), "-0.256", -0.256},
      {w(12909, 2), "129.09", 129.09},
      {w(5, 4), "0.0005", 0.0005},
      {w(-1, 1), "-0.1", -0.1},
      {w(0, 2), "0.00", 0.0},
      {w(42, 0), "42", 42.0},
      {w(-42, 0), "-42", -42.0},
      {w(100000, 5), "1.00000", 1.0},
      {w(1, 9), "0.000000001", 1e-9},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    CHECK(r.weight.to_string() == r.text);
    // Dividing by an exact power of ten gives the double nearest to the decimal.
    CHECK(r.weight.to_double() == r.value);
  }
  CHECK(w(std::numeric_limits<std::int64_t>::min(), 2).to_string() == "-92233720368547758.08");
}

TEST_CASE("decimal_weight equality keeps the shown resolution") {
  CHECK(w(25, 2) != w(250, 3)); // "0.25" and "0.250" are different readings
  CHECK(w(25, 2) == *decimal_weight::parse(" 0.25 "));
}
