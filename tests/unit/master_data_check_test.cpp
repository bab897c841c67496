// `stationd -t` checks the master data file [workflow] master_data names.

#include "config/station_config.hpp"
#include "station/master_data_check.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

using namespace stationd;

namespace {

std::string check(test::temp_dir& dir, const std::string& master_key) {
  dir.write("station.toml", "[station]\nid = \"b1\"\n[paths]\nstate_directory = \"" + (dir / "s").string() +
                                "\"\nruntime_directory = \"" + (dir / "r").string() + "\"\n[workflow]\nmaster_data = \"" +
                                master_key + "\"\n");
  const auto loaded = config::load_station_config(dir / "station.toml", {});
  REQUIRE(loaded.config);
  std::string out;
  for (const auto& e : station::check_master_data(*loaded.config)) out += e.to_string() + "\n";
  return out;
}

} // namespace

TEST_CASE("[workflow] master_data must name readable, valid master data") {
  test::temp_dir dir;
  const auto file = (dir / "station.toml").string();
  CHECK(check(dir, "missing.json") == file + ":7:15: workflow.master_data = \"missing.json\": cannot read " +
                                          (dir / "missing.json").string() + "\n");
  dir.write("bad.json", R"({"orders": [{"id": "SO-1", "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 1}]}]})");
  CHECK(check(dir, "bad.json") == file + ":7:15: workflow.master_data = \"bad.json\": " + (dir / "bad.json").string() +
                                      ": orders[0].lines[0].gtin: 07350053850019 is not a product\n");
  dir.write("good.json", R"({"revision": 3, "operators": [{"badge": "OP-0001", "name": "Åsa"}]})");
  CHECK(check(dir, "good.json").empty());
}
