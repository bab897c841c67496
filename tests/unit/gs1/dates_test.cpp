// YYMMDD dates: day 00, leap years and the GS1 century window.

#include "gs1_test_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace gs1_test;

namespace {

struct date_row {
  const char* text;
  int current_year;
  bool allow_day_zero;
  const char* iso; // "" when the text is no valid date
  bool day_unspecified = false;
  int day = 0; // the day stored (the month's last day for DD = 00)
};

const std::vector<date_row> date_rows = {
    {"261231", 2026, false, "2026-12-31", false, 31},
    {"261200", 2026, true, "2026-12-31", true, 31},  // reference §2.4: (17)261200 accepted
    {"261200", 2026, false, ""},                  // where the AI wants an exact day
    {"260200", 2026, true, "2026-02-28", true, 28},
    {"240200", 2026, true, "2024-02-29", true, 29},
    {"240229", 2026, false, "2024-02-29", false, 29},
    {"250229", 2026, false, ""}, // 2025 is no leap year
    {"260230", 2026, false, ""}, // reference §2.4: (15)260230 rejected
    {"261331", 2026, false, ""}, // month 13
    {"260001", 2026, false, ""}, // month 00
    {"260132", 2026, false, ""}, // day 32
    {"260431", 2026, false, ""}, // April has 30 days
    {"26123", 2026, false, ""},  // too short
    {"2612311", 2026, false, ""}, // too long
    {"26A231", 2026, false, ""}, // not digits
    // Century window: YY more than 50 years ahead is last century, 50 or more
    // back is next century.
    {"760101", 2026, false, "2076-01-01", false, 1}, // +50: this century
    {"770101", 2026, false, "1977-01-01", false, 1}, // +51: last century
    {"990101", 2026, false, "1999-01-01", false, 1},
    {"000101", 2026, false, "2000-01-01", false, 1},
    {"770101", 2030, false, "2077-01-01", false, 1},
    {"790101", 2030, false, "2079-01-01", false, 1}, // +49: this century
    {"800101", 2030, false, "2080-01-01", false, 1}, // +50: this century
    {"810101", 2030, false, "1981-01-01", false, 1}, // +51: last century
    {"000101", 2051, false, "2100-01-01", false, 1}, // -51: next century
    {"010101", 2051, false, "2101-01-01", false, 1}, // -50: next century
    {"020101", 2051, false, "2002-01-01", false, 1}, // -49: this century
    {"000229", 2026, false, "2000-02-29", false, 29}, // 2000 is a leap year
    {"000229", 2051, false, ""},                     // 2100 is not
};

} // namespace

TEST_CASE("parse_yymmdd and to_iso") {
  for (const auto& r : date_rows) {
    const std::string text = r.text;
    CAPTURE(text);
    CAPTURE(r.current_year);
    CAPTURE(r.allow_day_zero);
    const auto d = parse_yymmdd(r.text, r.current_year, r.allow_day_zero);
    if (*r.iso == '\0') {
      CHECK_FALSE(d.has_value());
      continue;
    }
    REQUIRE(d.has_value());
    CHECK(to_iso(*d) == std::string(r.iso));
    CHECK(d->day_unspecified == r.day_unspecified);
    CHECK(d->day == r.day);
  }
}
