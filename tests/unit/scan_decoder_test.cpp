#include "scan/raw_notation.hpp"
#include "scan/scan_decoder.hpp"
#include "scan/symbology.hpp"

#include <doctest/doctest.h>

using namespace stationd::scan;

namespace {

struct row {
  std::string raw;
  std::string form;     // expected form, or "" when an error is expected
  std::string bracketed; // expected GS1 content in bracketed form ("" for plain)
  std::string error;    // expected error code, when form is ""
  std::string message;  // expected error message ("" to skip)
};

} // namespace

TEST_CASE("decoding by symbology identifier and by shape") {
  const std::vector<row> rows = {
      // GS1 symbologies
      {"]d2011950110153000031030123451726123110LOT-A1\x1d" "21SN0001", "element_string",
       "(01)19501101530000(3103)012345(17)261231(10)LOT-A1(21)SN0001", "", ""},
      {"]C1011950110153000031030123451726123110LOT-A1\x1d" "21SN0001", "element_string",
       "(01)19501101530000(3103)012345(17)261231(10)LOT-A1(21)SN0001", "", ""},
      {"]C10010614141123456789702195011015300003724\x1d" "3302012550400PO-98765\x1d" "42010115", "element_string",
       "(00)106141411234567897(02)19501101530000(37)24(3302)012550(400)PO-98765(420)10115", "", ""},
      {"]e00110012345678902", "element_string", "(01)10012345678902", "", ""},
      {"]Q3011950110153000010LOT-A1", "element_string", "(01)19501101530000(10)LOT-A1", "", ""},
      // EAN/UPC
      {"]E04006381333931", "gtin", "(01)04006381333931", "", ""},
      {"]E0036000291452", "gtin", "(01)00036000291452", "", ""},
      {"]E496385074", "gtin", "(01)00000096385074", "", ""},
      {"]E3400638133393112", "gtin", "(01)04006381333931", "", ""},
      {"]I114006381333938", "gtin", "(01)14006381333938", "", ""},
      {"]I112345", "plain", "", "", ""},
      // Digital Link in a plain QR code
      {"]Q1https://id.gs1.org/01/19501101530000/10/LOT-A1/21/SN0001?17=261231&3103=012345", "digital_link",
       "(01)19501101530000(10)LOT-A1(21)SN0001(17)261231(3103)012345", "", ""},
      {"]Q1https://example.com/about/us", "plain", "", "", ""},
      // plain
      {"]C0LOC-01-02", "plain", "", "", ""},
      {"]A0ABC123", "plain", "", "", ""},
      // no identifier: the shape decides
      {"4006381333931", "gtin", "(01)04006381333931", "", ""},
      {"12345670", "gtin", "(01)00000012345670", "", ""},
      {"00106141411234567897", "element_string", "(00)106141411234567897", "", ""},
      {"(01)19501101530000(10)LOT-A1", "bracketed", "(01)19501101530000(10)LOT-A1", "", ""},
      {"0119501101530000\x1d" "10LOT-A1", "element_string", "(01)19501101530000(10)LOT-A1", "", ""},
      {"\x1d" "0119501101530000", "element_string", "(01)19501101530000", "", ""},
      {"https://id.gs1.org/00/106141411234567897", "digital_link", "(00)106141411234567897", "", ""},
      {"4006381333932", "plain", "", "", ""}, // 13 digits with a wrong check digit: not a GTIN, just digits
      {"TOTE-000123", "plain", "", "", ""},
      // refused
      {"", "", "", "scan.empty", "empty scan"},
      {"]C1", "", "", "scan.empty", "scan ]C1 has no data"},
      {"]E04006381333932", "", "", "gs1.bad_check_digit", "GTIN 4006381333932: check digit is 2, expected 1"},
      {"]E012345", "", "", "scan.bad_gtin", "\"12345\" is not a GTIN: expected 8, 12, 13 or 14 digits"},
      {"]E0ABCDEFGHIJKLM", "", "", "scan.bad_gtin", "\"ABCDEFGHIJKLM\" is not a GTIN: expected 8, 12, 13 or 14 digits"},
      {"]E496385075", "", "", "gs1.bad_check_digit", "GTIN 96385075: check digit is 5, expected 4"},
      {"]C0A\x1d" "B", "", "", "scan.unexpected_gs", "scan refused: a GS separator in Code 128 data, which is not GS1"},
      {"caf\xc3\xa9", "", "", "scan.not_ascii", "scan refused: byte 0xC3 at position 3 is not printable ASCII"},
      {"abc\x07", "", "", "scan.not_ascii", "scan refused: byte 0x07 at position 3 is not printable ASCII"},
      {"abc\x7f", "", "", "scan.not_ascii", "scan refused: byte 0x7F at position 3 is not printable ASCII"},
      {std::string{"ab\0c", 4}, "", "", "scan.not_ascii", "scan refused: byte 0x00 at position 2 is not printable ASCII"},
      {"abc\r", "", "", "scan.not_ascii", "scan refused: byte 0x0D at position 3 is not printable ASCII"},
      {"]C1011950110153000110LOT", "", "", "gs1.bad_check_digit", "AI (01) 19501101530001: check digit is 1, expected 0"},
      {"]C117261231", "", "", "gs1.missing_required_ai", "AI (17) needs AI (01), (02), (03), (255), (8006) or (8026) in the same code"},
      {"]d20119501101530000172613", "", "", "gs1.too_short", "AI (17) 2613: the value has 4 digits, expected 6"},
      {"]C12601234", "", "", "gs1.unknown_ai", "Unknown AI at position 0: no GS1 AI starts with 26"},
      {"]Q1https://id.gs1.org/01/19501101530000?10=LOT-A1", "", "", "gs1.bad_query", "AI (10) belongs in the URI path after AI (01), not in the query"},
      {"(01)19501101530000(17)261332", "", "", "gs1.bad_date", "AI (17) 261332: 13 is not a month"},
      {"]C10110012345678902\x1d" "10ABCDEFGHIJKLMNOPQRSTUVWXYZ", "", "", "gs1.too_long", "AI (10) ABCDEFGHIJKLMNOPQRSTUVWXYZ: the value is longer than 20 characters (missing GS separator?)"},
  };
  for (const auto& r : rows) {
    const std::string shown = show_notation(r.raw);
    CAPTURE(shown);
    const auto result = decode(r.raw);
    if (r.form.empty()) {
      REQUIRE_FALSE(result);
      CHECK(result.error->code == r.error);
      if (!r.message.empty()) CHECK(result.error->message == r.message);
    } else {
      REQUIRE_MESSAGE(result, (result.error ? result.error->message : std::string{}));
      CHECK(std::string{to_string(result.scan->form)} == r.form);
      CHECK(stationd::gs1::to_bracketed(result.scan->elements) == r.bracketed);
    }
  }
}

TEST_CASE("symbology identifiers") {
  CHECK(split_symbology("]C1abc").id == symbology_id{'C', '1'});
  CHECK(split_symbology("]C1abc").data == "abc");
  CHECK_FALSE(split_symbology("]1Cabc").id.has_value());
  CHECK_FALSE(split_symbology("]C").id.has_value());
  CHECK(split_symbology("]zAxyz").id == symbology_id{'z', 'A'});
  CHECK(describe({'d', '2'}).name == "GS1 DataMatrix");
  CHECK(describe({'d', '2'}).kind == payload_kind::gs1);
  CHECK(describe({'d', '1'}).kind == payload_kind::plain);
  CHECK(describe({'E', '4'}).kind == payload_kind::gtin);
  CHECK(describe({'X', '9'}).name == "unknown symbology");
}

TEST_CASE("typed notation for GS") {
  CHECK(expand_notation("01X<GS>21Y") == "01X\x1d" "21Y");
  CHECK(expand_notation("a<gs>b\\x1Dc<FNC1>d") == "a\x1d" "b\x1d" "c\x1d" "d");
  CHECK(expand_notation("<G>S") == "<G>S");
  CHECK(show_notation("a\x1d" "b\x02") == "a<GS>b\\x02");
}
