// The three renderings of a list of elements.

#include "gs1_test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace gs1_test;

namespace {

std::vector<element> product() {
  return {{"01", "19501101530000"}, {"3103", "012345"}, {"17", "261231"}, {"10", "LOT-A1"}, {"21", "SN0001"}};
}

std::vector<element> pallet() {
  return {{"00", "106141411234567897"}, {"02", "19501101530000"}, {"37", "24"},
          {"3302", "012550"},           {"400", "PO-98765"},      {"420", "10115"}};
}

} // namespace

TEST_CASE("to_element_string: GS only after a variable-length value that is not last (reference §2.6)") {
  CHECK(to_element_string(product()) == "011950110153000031030123451726123110LOT-A1\x1d" "21SN0001");
  CHECK(to_element_string(pallet()) == "0010614141123456789702195011015300003724\x1d" "3302012550400PO-98765\x1d" "42010115");
  CHECK(to_element_string({{"10", "A"}}) == "10A");
  CHECK(to_element_string({{"7003", "2612310930"}, {"01", "19501101530000"}}) == "70032612310930\x1d" "0119501101530000");
  CHECK(to_element_string({}).empty());
}

TEST_CASE("to_bracketed escapes '(' in values") {
  CHECK(to_bracketed(product()) == "(01)19501101530000(3103)012345(17)261231(10)LOT-A1(21)SN0001");
  CHECK(to_bracketed({{"10", "A(1)"}}) == "(10)A\\(1)");
  CHECK(to_bracketed({}).empty());
}

TEST_CASE("to_digital_link matches the reference engine's output (reference §2.7)") {
  CHECK(to_digital_link(pallet()) ==
        "https://id.gs1.org/00/106141411234567897?02=19501101530000&3302=012550&37=24&400=PO-98765&420=10115");
  // Key and qualifiers in path order, whatever the input order; fixed-length
  // attributes before the others, each in the order given.
  CHECK(to_digital_link(product()) == "https://id.gs1.org/01/19501101530000/10/LOT-A1/21/SN0001?3103=012345&17=261231");
  CHECK(to_digital_link({{"21", "S1"}, {"10", "L1"}, {"22", "C"}, {"01", "09520123456788"}}) ==
        "https://id.gs1.org/01/09520123456788/22/C/10/L1/21/S1");
  // TPX has no place in the query, so it takes the path and the batch goes
  // to the query (the reference's own example).
  CHECK(to_digital_link({{"01", "09520123456788"}, {"235", "XYZ"}, {"10", "ABC123"}}) ==
        "https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123");
  CHECK(to_digital_link({{"01", "09520123456788"}, {"235", "TPX"}}) == "https://id.gs1.org/01/09520123456788/235/TPX");
}

TEST_CASE("to_digital_link percent-encodes reserved characters and takes any stem") {
  CHECK(to_digital_link({{"414", "9520123456788"}, {"254", "32a/b"}}) == "https://id.gs1.org/414/9520123456788/254/32a%2Fb");
  CHECK(to_digital_link({{"01", "09520123456788"}, {"10", "A&B?C=D#E%F+G"}}, "https://brand.example.com/") ==
        "https://brand.example.com/01/09520123456788/10/A%26B%3FC%3DD%23E%25F%2BG");
  CHECK(to_digital_link({{"00", "106141411234567897"}, {"99", "a b"}}, "http://example.com/stem") ==
        "http://example.com/stem/00/106141411234567897?99=a+b");
}

TEST_CASE("to_digital_link gives nothing for data no Digital Link can carry") {
  CHECK(to_digital_link({{"10", "LOT"}}).empty());                                    // no primary key
  CHECK(to_digital_link({{"01", "19501101530000"}, {"8014", "952012345MUDI18J"}}).empty()); // 8014 is no attribute
  CHECK(to_digital_link({}).empty());
}

TEST_CASE("canonical order: primary key, pre-defined length, variable length") {
  using stationd::gs1::element;
  const std::vector<element> scanned = {{"10", "LOT-A1"}, {"3103", "012345"}, {"21", "SN0001"}, {"01", "19501101530000"}, {"17", "261231"}};
  const std::vector<element> expected = {{"01", "19501101530000"}, {"17", "261231"}, {"3103", "012345"}, {"10", "LOT-A1"}, {"21", "SN0001"}};
  CHECK(stationd::gs1::canonical_order(scanned) == expected);
  CHECK(stationd::gs1::canonical_order(expected) == expected);
}
