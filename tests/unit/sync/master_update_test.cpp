#include "workflow/master_update.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <stdexcept>

using namespace stationd::workflow;
namespace json = boost::json;

namespace {
master_data base() {
  return parse_master_data(R"({"revision": 7,
    "products": [{"gtin": "07350053850019", "name": "Mug"}, {"gtin": "07350053850026", "name": "Vitamins"}],
    "stock": [{"location": "A01-01-01", "gtin": "07350053850019", "lot": "L1", "quantity": 3}],
    "orders": [{"id": "SO-1", "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 1}]},
               {"id": "SO-2", "lines": [{"line": 1, "gtin": "07350053850026", "quantity": 2}]}]})");
}

std::string error_of(const char* changes) {
  try {
    apply_changes(base(), json::parse(changes).as_object(), 8);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST_CASE("an update replaces, adds and removes entries by key, and sets the revision") {
  const auto changes = json::parse(R"({
    "products": [{"gtin": "07350053850019", "name": "Coffee mug", "unit_weight_g": 350},
                 {"gtin": "07350053850033", "name": "Headphones", "accessory_of": ["07350053850019"]}],
    "orders": [{"id": "SO-3", "lines": [{"line": 1, "gtin": "07350053850033", "quantity": 1}]}],
    "stock": [{"location": "A01-01-01", "gtin": "07350053850019", "lot": "L1", "quantity": 9}],
    "removed": {"orders": ["SO-2"]}})").as_object();
  const auto d = apply_changes(base(), changes, 8);
  CHECK(d.revision == 8);
  REQUIRE(d.products.size() == 3);
  CHECK(d.products[0].name == "Coffee mug");
  CHECK(d.products[0].unit_weight_g == 350);
  CHECK(d.products[2].accessory_of == std::vector<std::string>{"07350053850019"});
  CHECK(d.stock.size() == 1);
  CHECK(d.stock[0].quantity == 9);
  REQUIRE(d.orders.size() == 2);
  CHECK(d.orders[0].id == "SO-1");
  CHECK(d.orders[1].id == "SO-3");
}

TEST_CASE("an update that would leave bad master data is refused as a whole") {
  CHECK(error_of(R"({"removed": {"products": ["07350053850019"]}})") ==
        "stock[0].gtin: 07350053850019 is not a product");
  CHECK(error_of(R"({"prodcts": []})") == "changes: unknown collection \"prodcts\"");
  CHECK(error_of(R"({"orders": [{"lines": []}]})") == "changes.orders[0]: \"id\" (a string) is needed");
  CHECK(error_of(R"({"removed": {"stock": ["A01-01-01"]}})") == "changes.removed.stock[0]: \"location\" (a string) is needed");
}
