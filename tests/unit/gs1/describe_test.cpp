// describe() and decimal values: what the station shows for each element.

#include "gs1_test_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace gs1_test;

namespace {

struct description {
  const char* ai;
  const char* value;
  const char* expected;
};

const std::vector<description> descriptions = {
    // Decimal measures (reference §2.5), one per unit.
    {"3103", "012345", "12.345 kg"},
    {"3102", "001250", "12.50 kg"},
    {"3302", "012550", "125.50 kg"},
    {"3100", "000012", "12 kg"},
    {"3105", "000195", "0.00195 kg"},
    {"3113", "001250", "1.250 m"},
    {"3122", "000080", "0.80 m"},
    {"3132", "000500", "5.00 m"},
    {"3142", "001000", "10.00 m²"},
    {"3151", "000750", "75.0 l"},
    {"3163", "001500", "1.500 m³"},
    {"3201", "001250", "125.0 lb"},
    {"3211", "000120", "12.0 in"},
    {"3220", "000010", "10 ft"},
    {"3230", "000003", "3 yd"},
    {"3370", "000250", "250 kg/m²"},
    {"3402", "027670", "276.70 lb"},
    {"3502", "001250", "12.50 in²"},
    {"3512", "001250", "12.50 ft²"},
    {"3522", "001250", "12.50 yd²"},
    {"3561", "000100", "10.0 t oz"},
    {"3570", "000012", "12 oz"},
    {"3601", "000050", "5.0 qt"},
    {"3611", "000050", "5.0 gal"},
    {"3641", "000050", "5.0 in³"},
    {"3651", "000050", "5.0 ft³"},
    {"3691", "000010", "1.0 yd³"},
    // Amounts, prices, percentages.
    {"3922", "0299", "2.99"},
    {"3932", "9780299", "2.99 (currency 978)"},
    {"3901", "12345", "1234.5"},
    {"3942", "1250", "12.50%"},
    {"3952", "001250", "12.50"},
    {"3955", "001250", "0.01250"},
    // Dates (reference §2.4).
    {"17", "261231", "2026-12-31"},
    {"17", "261200", "2026-12 (day unspecified)"},
    {"11", "990101", "1999-01-01"},
    {"15", "240229", "2024-02-29"},
    {"7006", "260115", "2026-01-15"},
    {"7007", "260101260105", "2026-01-01 to 2026-01-05"},
    {"7007", "260101", "2026-01-01"},
    {"7003", "2612310930", "2026-12-31 09:30"},
    {"7011", "260101", "2026-01-01"},
    {"7011", "2601011200", "2026-01-01 12:00"},
    {"8008", "26123109", "2026-12-31 09h"},
    {"8008", "2612310930", "2026-12-31 09:30"},
    {"8008", "261231093015", "2026-12-31 09:30:15"},
    {"4324", "2612000930", "2026-12 (day unspecified) 09:30"},
    {"4326", "261231", "2026-12-31"},
    {"7250", "19850315", "1985-03-15"},
    {"7251", "198503150830", "1985-03-15 08:30"},
    // Everything else as written; a GTIN as its 14 digits.
    {"01", "19501101530000", "19501101530000"},
    {"02", "00000096385074", "00000096385074"},
    {"00", "106141411234567897", "106141411234567897"},
    {"10", "LOT-A1", "LOT-A1"},
    {"37", "24", "24"},
    {"400", "PO-98765", "PO-98765"},
    {"89", "not an AI", "not an AI"},
};

} // namespace

TEST_CASE("describe gives units, ISO dates, or the value") {
  for (const auto& d : descriptions) {
    const std::string ai = d.ai;
    const std::string value = d.value;
    CAPTURE(ai);
    CAPTURE(value);
    CHECK(describe(element{ai, value}, 2026) == std::string(d.expected));
  }
}

TEST_CASE("describe uses the century window of the year given") {
  CHECK(describe(element{"17", "760101"}, 2026) == "2076-01-01");
  CHECK(describe(element{"17", "760101"}, 2020) == "1976-01-01");
}

TEST_CASE("decimal_value of the decimal AIs") {
  const auto w = decimal_value(element{"3103", "012345"});
  REQUIRE(w.has_value());
  CHECK(w->units == 12345);
  CHECK(w->decimals == 3);
  CHECK(w->to_string() == "12.345");
  CHECK(w->to_double() == doctest::Approx(12.345));

  const auto g = decimal_value(element{"3302", "012550"});
  REQUIRE(g.has_value());
  CHECK(*g == decimal{12550, 2});
  CHECK(g->to_string() == "125.50");

  const auto price = decimal_value(element{"3932", "9780299"}); // the currency code is not part of the amount
  REQUIRE(price.has_value());
  CHECK(*price == decimal{299, 2});

  CHECK(decimal_value(element{"3100", "000000"})->to_string() == "0");
  CHECK(decimal_value(element{"3105", "000001"})->to_string() == "0.00001");
  CHECK_FALSE(decimal_value(element{"17", "261231"}).has_value());
  CHECK_FALSE(decimal_value(element{"01", "19501101530000"}).has_value());
  CHECK_FALSE(decimal_value(element{"3103", "01A345"}).has_value());
  CHECK_FALSE(decimal_value(element{"3103", ""}).has_value());
  CHECK_FALSE(decimal_value(element{"99", "12"}).has_value());

  CHECK(decimal{-1250, 2}.to_string() == "-12.50");
  CHECK(decimal{5, 0}.to_string() == "5");
}
