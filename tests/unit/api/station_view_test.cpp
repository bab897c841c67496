#include "workflow/station_view.hpp"
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace stationd::workflow;
namespace json = boost::json;

namespace {

catalog master() {
  master_data d;
  d.revision = 7;
  product mug;
  mug.gtin = "07350053850019";
  mug.sku = "SKU-MUG1";
  mug.name = "Mug";
  mug.unit_weight_g = 300;
  product shirt;
  shirt.gtin = "07350053850026";
  shirt.name = "T-shirt";
  d.products = {mug, shirt};
  order o;
  o.id = "SO-1";
  o.client_id = "acme";
  o.lines = {{1, "07350053850019", 2, "A01-01-01"}, {2, "07350053850026", 1, "A01-02-01"}};
  d.orders = {o};
  rma r;
  r.id = "RMA-1";
  r.order_id = "SO-1";
  r.lines = {{1, "07350053850019", 1, "broken"}};
  d.rmas = {r};
  return catalog{std::move(d)};
}

} // namespace

TEST_CASE("nobody logged in, idle: no operator, no task, the choices") {
  const auto m = master();
  const workflow_rules rules;
  station_state s;
  const auto v = station_view(s, m, rules);
  CHECK(v.at("operator").is_null());
  CHECK(v.at("mode") == "idle");
  CHECK(v.at("task").is_null());
  CHECK(v.at("lines").as_array().empty());
  CHECK(v.at("choices").at("grades").as_array().size() == 4);
  CHECK(v.at("choices").at("grade_reasons").as_array().size() == rules.grade_reasons.size());
}

TEST_CASE("packing: the order's lines with what is packed, the package's weight band") {
  const auto m = master();
  workflow_rules rules;
  rules.weight_tolerance_g = 50;
  rules.weight_tolerance_percent = 5.0;
  station_state s;
  s.session = session_state{"OP-0002", "John Smith", "operator", "", 0, 0};
  s.mode = "pack";
  s.pack = pack_task{"SO-1", "T000001", "weigh"};
  order_progress p;
  p.order_id = "SO-1";
  package_state pkg;
  pkg.number = 1;
  pkg.carton = "BOX-M";
  pkg.expected_g = 1520;
  auto unit = [](int line, std::string gtin) {
    captured_unit u;
    u.line = line;
    u.gtin = std::move(gtin);
    return u;
  };
  pkg.units = {unit(1, "07350053850019"), unit(1, "07350053850019"), unit(2, "07350053850026")};
  p.packages = {pkg};
  s.orders["SO-1"] = p;
  const auto v = station_view(s, m, rules);
  CHECK(v.at("operator").at("name") == "John Smith");
  CHECK(v.at("operator").at("language") == "sv"); // the station's, when the operator names none
  const auto& task = v.at("task").as_object();
  CHECK(task.at("kind") == "pack");
  CHECK(task.at("order") == "SO-1");
  CHECK(task.at("step") == "weigh");
  CHECK(task.at("package") == 1);
  CHECK(task.at("expected_g") == 1520);
  CHECK(task.at("tolerance_g") == 76); // 5 % of 1520 is more than 50 g
  const auto& lines = v.at("lines").as_array();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("name") == "Mug");
  CHECK(lines[0].at("sku") == "SKU-MUG1");
  CHECK(lines[0].at("expected") == 2);
  CHECK(lines[0].at("done") == 2);
  CHECK(lines[1].at("done") == 1);
}

TEST_CASE("picking: the lines in picking order, the current one marked") {
  const auto m = master();
  const workflow_rules rules;
  station_state s;
  s.mode = "pick";
  pick_task t;
  t.order_id = "SO-1";
  t.step = "item";
  t.current = 1;
  t.lines = {pick_line_state{1, "07350053850019", 2, "A01-01-01", 2, 0, "", {}},
             pick_line_state{2, "07350053850026", 1, "A01-02-01", 0, 0, "", {}}};
  s.pick = t;
  const auto v = station_view(s, m, rules);
  const auto& lines = v.at("lines").as_array();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("current") == false);
  CHECK(lines[1].at("current") == true);
  CHECK(lines[1].at("location") == "A01-02-01");
  CHECK(lines[1].at("name") == "T-shirt");
}

TEST_CASE("a return: authorised lines, units taken out, grade and mismatches") {
  const auto m = master();
  const workflow_rules rules;
  station_state s;
  s.mode = "return";
  return_task t;
  t.rma = "RMA-1";
  t.order_id = "SO-1";
  t.step = "grade";
  t.expected_g = 450;
  t.tolerance_g = 100;
  t.units = {returned_unit{1, "07350053850019", "", "", "", "", ""}};
  t.grade = "B";
  t.reason_codes = {"USED"};
  t.mismatches = {return_mismatch{"WEIGHT_LOW", 0, "", "", 450, 200, 100, ""}};
  s.ret = t;
  const auto v = station_view(s, m, rules);
  CHECK(v.at("task").at("rma") == "RMA-1");
  CHECK(v.at("task").at("grade") == "B");
  CHECK(v.at("task").at("mismatches").as_array().size() == 1);
  CHECK(v.at("task").at("tolerance_g") == 100);
  REQUIRE(v.at("lines").as_array().size() == 1);
  CHECK(v.at("lines").at(0).at("done") == 1);
  REQUIRE(v.at("units").as_array().size() == 1);
  CHECK(v.at("units").at(0).at("name") == "Mug");
}
