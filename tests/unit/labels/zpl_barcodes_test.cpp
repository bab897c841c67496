// GS1-128 and Code 128 field data for ^BC, read back exactly.

#include "gs1_valid_inputs.hpp"
#include "labels/zpl_barcodes.hpp"

#include <doctest/doctest.h>

using namespace stationd;
using namespace stationd::labels;

TEST_CASE("GS1-128 field data with Zebra invocation codes") {
  struct row {
    const char* bracketed;
    const char* field_data;
  };
  const row rows[] = {
      // The device-protocol reference's SSCC example (§2.6).
      {"(00)106141411234567897", ">;>800106141411234567897"},
      // Fixed-length weight, then a variable-length order number: no separator needed at the end.
      {"(3302)001255(400)PO-98765", ">;>8330200125540>60PO-9>58765"},
      // A variable-length field followed by another: FNC1 between them.
      {"(10)LOT-A1(21)SN0001", ">;>810>6LOT-A1>821SN>50001"},
      // An odd digit left over in subset C goes in subset B.
      {"(420)1011", ">;>8420101>61"},
      // '>' in a value is "><" in subset B.
      {"(400)A>B", ">;>840>60A><B"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.bracketed);
    gs1::parse_options one_of_several; // (3302) and (10) have their companions elsewhere on a label
    one_of_several.require_companions = false;
    const auto parsed = gs1::parse_bracketed(r.bracketed, one_of_several);
    REQUIRE(parsed);
    const auto data = gs1_128_field_data(parsed.elements);
    CHECK(data == r.field_data);
    CHECK(element_string_from_field_data(data) == gs1::to_element_string(parsed.elements));
  }
}

TEST_CASE("every valid GS1 input of the parser tests round-trips through ^BC field data") {
  for (const auto& input : gs1_test::valid_inputs()) {
    CAPTURE(input.what);
    const auto parsed = gs1_test::parse(input.form, input.input);
    REQUIRE(parsed);
    const auto data = gs1_128_field_data(parsed.elements);
    const auto back = element_string_from_field_data(data);
    REQUIRE(back);
    const auto again = gs1::parse_element_string(*back);
    REQUIRE(again);
    CHECK(again.elements == parsed.elements);
  }
}

TEST_CASE("Code 128 text field data") {
  CHECK(code128_field_data("TOTE-42") == ">:TOTE-42");
  CHECK(code128_field_data("TOTE-0042") == ">:TOTE->50042"); // four digits are shorter in subset C
  CHECK(code128_field_data("A>1") == ">:A><1");
  for (const std::string text : {"TOTE-0042", "R12345678", "12345", "A>B", "1>2>3", "x_y", "0", "ZONE 4 / BAY 12"}) {
    CAPTURE(text);
    CHECK(text_from_field_data(code128_field_data(text)) == text);
  }
  CHECK(code128_problem("") == "empty");
  CHECK(code128_problem("Å1") == "byte 1 (0xC3) is not printable ASCII, which Code 128 encodes");
  CHECK(code128_problem("a\tb") == "byte 2 (0x09) is not printable ASCII, which Code 128 encodes");
  CHECK_FALSE(code128_problem("TOTE-0042"));
}

TEST_CASE("field data this project does not write is not read as GS1") {
  CHECK_FALSE(element_string_from_field_data(">:ABC"));        // no FNC1: plain Code 128
  CHECK_FALSE(element_string_from_field_data("00106141411")); // no start code
  CHECK_FALSE(element_string_from_field_data(">;>8001"));     // odd digits in subset C
  CHECK_FALSE(element_string_from_field_data(">;>8>7AB"));    // subset A
}

TEST_CASE("SSCC text groups extension, company prefix, serial reference and check digit") {
  CHECK(sscc_text("106141411234567897", 7) == "(00) 1 0614141 123456789 7");
  CHECK(sscc_text("106141411234567897", 9) == "(00) 1 061414112 3456789 7");
  CHECK(sscc_text("12345", 7) == "(00) 12345");
}
