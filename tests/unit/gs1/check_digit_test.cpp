// GS1 mod-10 check digits: the worked values of the device-protocol
// reference (GTIN-8/12/13/14, SSCC) and GTIN normalisation.

#include "gs1_test_support.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace gs1_test;

namespace {

struct worked_check_digit {
  const char* kind;
  const char* data; // without the check digit
  char check;
  const char* gtin14; // "" for keys that are not GTINs
};

// Reference §2.3, every row.
const std::vector<worked_check_digit> worked = {
    {"GTIN-8", "9638507", '4', "00000096385074"},
    {"GTIN-12 (UPC-A)", "03600029145", '2', "00036000291452"},
    {"GTIN-13", "400638133393", '1', "04006381333931"},
    {"GTIN-13", "950110153000", '3', "09501101530003"},
    {"GTIN-14", "1950110153000", '0', "19501101530000"},
    {"GTIN-14 (GS1 example)", "0952012345678", '8', "09520123456788"},
    {"SSCC", "10614141123456789", '7', ""},
    {"SSCC (GS1 example)", "95201234567891234", '5', ""},
    {"GLN", "952012345678", '8', ""},
    {"GSRN", "12345678901234567", '5', ""},
    {"GSIN", "1234567890123456", '0', ""},
};

} // namespace

TEST_CASE("check digits of the worked examples") {
  for (const auto& w : worked) {
    const std::string kind = w.kind;
    const std::string data = w.data;
    CAPTURE(kind);
    CAPTURE(data);
    REQUIRE(check_digit(w.data).has_value());
    CHECK(*check_digit(w.data) == w.check);
    const std::string full = data + w.check;
    CHECK(valid_check_digit(full));
    // Any other last digit is wrong.
    for (char other = '0'; other <= '9'; ++other)
      if (other != w.check) CHECK_FALSE(valid_check_digit(data + other));
    if (*w.gtin14) {
      REQUIRE(normalize_gtin(full).has_value());
      CHECK(*normalize_gtin(full) == std::string(w.gtin14));
    }
  }
}

TEST_CASE("check_digit refuses what is not a digit string") {
  CHECK_FALSE(check_digit("").has_value());
  CHECK_FALSE(check_digit("12A4").has_value());
  CHECK_FALSE(check_digit(" 123").has_value());
  CHECK(check_digit("0") == '0');
  CHECK_FALSE(valid_check_digit(""));
  CHECK_FALSE(valid_check_digit("7"));
  CHECK_FALSE(valid_check_digit("9638507X"));
}

TEST_CASE("normalize_gtin takes GTIN-8/12/13/14 with a valid check digit only") {
  struct row {
    const char* in;
    std::optional<std::string> out;
  };
  const std::vector<row> rows = {
      {"96385074", "00000096385074"},
      {"036000291452", "00036000291452"},
      {"4006381333931", "04006381333931"},
      {"19501101530000", "19501101530000"},
      {"012345678905", "00012345678905"},  // UPC-A (reference §1.1)
      {"0012345678905", "00012345678905"}, // the same as sent by ]E0
      {"96385075", std::nullopt},        // wrong check digit
      {"4006381333932", std::nullopt},   // wrong check digit
      {"19501101530001", std::nullopt},  // wrong check digit
      {"9638507", std::nullopt},         // 7 digits
      {"40063813339310", std::nullopt},  // 14 digits, wrong check digit
      {"123456789", std::nullopt},       // 9 digits is no GTIN
      {"0000000000000000", std::nullopt}, // 16 digits
      {"4006381A33931", std::nullopt},   // not digits
      {"", std::nullopt},
  };
  for (const auto& r : rows) {
    const std::string in = r.in;
    CAPTURE(in);
    CHECK(normalize_gtin(r.in) == r.out);
  }
}
