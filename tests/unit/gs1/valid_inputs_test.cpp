// Every valid input parses to exactly the expected elements.

#include "gs1_valid_inputs.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace gs1_test;

TEST_CASE("valid inputs give the expected elements") {
  for (const auto& row : valid_inputs()) {
    const std::string what = row.what;
    const std::string form = name(row.form);
    const std::string input = visible(row.input);
    CAPTURE(what);
    CAPTURE(form);
    CAPTURE(input);
    CHECK(outcome(parse(row.form, row.input)) == "ok " + row.elements);
  }
}

TEST_CASE("an EAN-13 or EAN-8 scan is a plain GTIN: normalised, it reads as AI (01)") {
  // ]E04006381333931 and ]E496385074 (reference §1.1 and §2.6) carry no AIs;
  // the GTIN they hold is the value of AI (01).
  for (const char* scan : {"4006381333931", "96385074", "036000291452"}) {
    const std::string gtin = scan;
    CAPTURE(gtin);
    const auto gtin14 = normalize_gtin(gtin);
    REQUIRE(gtin14.has_value());
    CHECK(outcome(parse_element_string("01" + *gtin14)) == "ok (01)" + *gtin14);
  }
}

TEST_CASE("the century window follows the current year given") {
  // 00 is 2000 (a leap year) seen from 2026, but 2100 (no leap year) seen from 2051.
  CHECK(outcome(parse(written::bracketed, "(01)19501101530000(11)000229", 2026)) == "ok (01)19501101530000(11)000229");
  CHECK(outcome(parse(written::bracketed, "(01)19501101530000(11)000229", 2051)) ==
        "bad_date at 26: AI (11) 000229: February 2100 has no day 29");
}
