#include "workflow/master_data.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace stationd::workflow;

namespace {
std::string read(const char* name) {
  std::ifstream in(std::string(STATIOND_SOURCE_DIR) + "/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of(std::string_view json) {
  try {
    parse_master_data(json);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST_CASE("the test master data reads, and round-trips through JSON") {
  const master_data d = parse_master_data(read("tests/unit/workflow/data/master.json"));
  CHECK(d.products.size() >= 8);
  const catalog c{d};
  REQUIRE(c.find_product("SKU-MUG1"));
  CHECK(c.find_product("SKU-MUG1")->gtin == "07350053850019");
  CHECK(c.find_product("07350053850033")->replaced_by == "07350053850040");
  CHECK(c.find_operator("OP-0009")->role == "supervisor");
  CHECK(c.find_rma_by_tracking("1ZRET0000000000001")->id == "RMA-000100");
  CHECK(c.find_rma_by_order("SO-000100")->id == "RMA-000100");
  CHECK(c.lots_of("07350053850026").size() == 3);
  CHECK(parse_master_data(to_json_text(d)).orders.size() == d.orders.size());
}

TEST_CASE("bad master data is refused with the path of the bad value") {
  struct row {
    const char* json;
    const char* error;
  };
  const row rows[] = {
      {"[", "not valid JSON"},
      {"[]", "(top): expected an object, found an array"},
      {R"({"revison": 1})", "(top): unknown key \"revison\""},
      {R"({"products": [{"gtin": 7350053850019}]})", "products[0].gtin: expected a string, found a number"},
      {R"({"products": [{"gtin": "07350053850018"}]})",
       "products[0].gtin: \"07350053850018\" is not a GTIN-14 with a valid check digit"},
      {R"({"products": [{"gtin": "07350053850019"}, {"gtin": "07350053850019"}]})",
       "products[1].gtin: 07350053850019 appears twice"},
      {R"({"products": [{"gtin": "07350053850019", "replaced_by": "07350053850019"}]})",
       "products[0].replaced_by: a product cannot replace itself"},
      {R"({"products": [{"gtin": "07350053850019", "unit_weight_g": 1.5}]})",
       "products[0].unit_weight_g: expected an integer, found a number"},
      {R"({"operators": [{"badge": "OP-1", "role": "boss"}]})",
       "operators[0].role: \"boss\" is not one of operator, supervisor"},
      {R"({"orders": [{"id": "SO-1", "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 1}]}]})",
       "orders[0].lines[0].gtin: 07350053850019 is not a product"},
      {R"({"products": [{"gtin": "07350053850019"}], "orders": [{"id": "SO-1", "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 0}]}]})",
       "orders[0].lines[0].quantity: must be at least 1"},
      {R"({"orders": [{"id": "SO-1", "shipped_on": "2026-13-01"}]})",
       "orders[0].shipped_on: \"2026-13-01\" is not a date (YYYY-MM-DD)"},
      {R"({"rmas": [{"id": "R", "state": "OPEN"}]})",
       "rmas[0].state: \"OPEN\" is not one of PENDING_APPROVAL, APPROVED, REJECTED, CANCELLED, COMPLETED"},
      {R"({"revision": -1})", "revision: must not be negative, found -1"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.json);
    CHECK(error_of(r.json).find(r.error) != std::string::npos);
    CHECK(!error_of(r.json).empty());
  }
}
