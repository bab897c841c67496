// Human meanings of values: decimal measures with their units, dates in ISO
// 8601, the rest as written.

#include "gs1/ai_table.hpp"
#include "gs1/dates.hpp"
#include "gs1/gs1.hpp"

#include <array>

#include <fmt/format.h>

namespace stationd::gs1 {

namespace {

// Units of the measure AIs by their first three digits (31n-36n families).
struct measure_unit {
  std::string_view prefix;
  std::string_view unit;
};

constexpr measure_unit measure_units[] = {
    {"310", "kg"},  {"311", "m"},   {"312", "m"},   {"313", "m"},   {"314", "m²"},   {"315", "l"},    {"316", "m³"},
    {"320", "lb"},  {"321", "in"},  {"322", "ft"},  {"323", "yd"},  {"324", "in"},   {"325", "ft"},   {"326", "yd"},
    {"327", "in"},  {"328", "ft"},  {"329", "yd"},  {"330", "kg"},  {"331", "m"},    {"332", "m"},    {"333", "m"},
    {"334", "m²"},  {"335", "l"},   {"336", "m³"},  {"337", "kg/m²"}, {"340", "lb"}, {"341", "in"},   {"342", "ft"},
    {"343", "yd"},  {"344", "in"},  {"345", "ft"},  {"346", "yd"},  {"347", "in"},   {"348", "ft"},   {"349", "yd"},
    {"350", "in²"}, {"351", "ft²"}, {"352", "yd²"}, {"353", "in²"}, {"354", "ft²"},  {"355", "yd²"},  {"356", "t oz"},
    {"357", "oz"},  {"360", "qt"},  {"361", "gal"}, {"362", "qt"},  {"363", "gal"},  {"364", "in³"},  {"365", "ft³"},
    {"366", "yd³"}, {"367", "in³"}, {"368", "ft³"}, {"369", "yd³"},
};

std::string_view unit_of(std::string_view ai) {
  for (const auto& m : measure_units)
    if (ai.starts_with(m.prefix)) return m.unit;
  return {};
}

constexpr std::int64_t power_of_ten(int n) {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// "2026-12-31", or "2026-12 (day unspecified)" for YYMM00.
std::string describe_date(const date& d) {
  if (d.day_unspecified) return fmt::format("{:04}-{:02} (day unspecified)", d.year, d.month);
  return to_iso(d);
}

bool first_linter_is(const detail::component& part, detail::linter l) { return part.linters[0] == l; }

// Dates, with the time or the second date that follows in some AIs.
std::optional<std::string> describe_dated(const detail::ai_entry& entry, std::string_view value, int current_year) {
  using detail::linter;
  const detail::format& f = *entry.fmt;
  const detail::component& first = f.parts[0];
  std::string out;
  std::size_t used = 0;
  if (first_linter_is(first, linter::yymmd0) || first_linter_is(first, linter::yymmdd)) {
    const auto d = parse_yymmdd(value.substr(0, 6), current_year, true);
    if (!d) return std::nullopt;
    out = describe_date(*d);
    used = 6;
  } else if (first_linter_is(first, linter::yyyymmdd)) {
    if (value.size() < 8) return std::nullopt;
    date d;
    d.year = detail::two_digits(value.substr(0, 2)) * 100 + detail::two_digits(value.substr(2, 2));
    d.month = detail::two_digits(value.substr(4, 2));
    d.day = detail::two_digits(value.substr(6, 2));
    if (d.year < 0 || d.day < 1 || d.day > detail::days_in_month(d.year, d.month)) return std::nullopt;
    out = describe_date(d);
    used = 8;
  } else {
    return std::nullopt;
  }
  if (f.count < 2 || value.size() <= used) return out;
  const std::string_view rest = value.substr(used);
  const detail::component& second = f.parts[1];
  if (first_linter_is(second, linter::hhmi) && rest.size() >= 4) return fmt::format("{} {}:{}", out, rest.substr(0, 2), rest.substr(2, 2));
  if (first_linter_is(second, linter::yymmdd) && rest.size() == 6) {
    const auto until = parse_yymmdd(rest, current_year, false);
    return until ? fmt::format("{} to {}", out, describe_date(*until)) : out;
  }
  if (first_linter_is(second, linter::hh)) {
    // YYMMDDHH[MM[SS]]
    if (rest.size() == 2) return fmt::format("{} {}h", out, rest);
    if (rest.size() == 4) return fmt::format("{} {}:{}", out, rest.substr(0, 2), rest.substr(2, 2));
    if (rest.size() == 6) return fmt::format("{} {}:{}:{}", out, rest.substr(0, 2), rest.substr(2, 2), rest.substr(4, 2));
  }
  return out;
}

} // namespace

double decimal::to_double() const noexcept { return static_cast<double>(units) / static_cast<double>(power_of_ten(decimals)); }

std::string decimal::to_string() const {
  const bool negative = units < 0;
  std::string digits = std::to_string(negative ? -units : units);
  if (decimals > 0) {
    const auto d = static_cast<std::size_t>(decimals);
    if (digits.size() <= d) digits.insert(0, d + 1 - digits.size(), '0');
    digits.insert(digits.size() - d, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::optional<decimal> decimal_value(const element& e) {
  const auto* entry = detail::lookup(e.ai);
  if (!entry || entry->def.decimals < 0) return std::nullopt;
  std::string_view digits = e.value;
  // Amounts in a stated currency (391n, 393n) carry its ISO 4217 code first.
  if (e.ai.starts_with("391") || e.ai.starts_with("393")) {
    if (digits.size() <= 3) return std::nullopt;
    digits.remove_prefix(3);
  }
  if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  decimal d;
  for (char c : digits) d.units = d.units * 10 + (c - '0');
  d.decimals = entry->def.decimals;
  return d;
}

std::string describe(const element& e, int current_year) {
  const auto* entry = detail::lookup(e.ai);
  if (!entry) return e.value;
  if (const auto d = decimal_value(e)) {
    const std::string amount = d->to_string();
    if (const auto unit = unit_of(e.ai); !unit.empty()) return fmt::format("{} {}", amount, unit);
    if (e.ai.starts_with("391") || e.ai.starts_with("393")) return fmt::format("{} (currency {})", amount, e.value.substr(0, 3));
    if (e.ai.starts_with("394")) return amount + "%";
    return amount;
  }
  if (auto dated = describe_dated(*entry, e.value, current_year)) return *dated;
  return e.value;
}

} // namespace stationd::gs1
