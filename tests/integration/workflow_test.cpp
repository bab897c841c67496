// The station workflows end to end: stationd with a simulated MT-SICS scale on a
// pty and a simulated Zebra printer on TCP, driven through the control socket as
// `stationctl scan` / `stationctl action` would. A full pick -> pack -> ship;
// kill -9 after every step of a full pack and a full return, each time resuming
// at the same step with the same progress.

#include "station_harness.hpp"

#include "journal/sqlite.hpp"
#include "sim/mtsics_scale.hpp"
#include "sim/zpl_printer.hpp"

#include <fmt/format.h>

#include <csignal>
#include <functional>
#include <thread>

using namespace stationd;
using namespace stationd::test;
namespace json = boost::json;
using namespace std::chrono_literals;

TEST_CASE("a full pick, pack and ship with the simulated scale and printer") {
  station s;
  CHECK(accepted(s.scan("OP-0002"), "session.welcome"));
  CHECK(accepted(s.scan("CMD-PICK"), "mode.pick"));
  CHECK(accepted(s.scan("SO-000001"), "pick.scan_tote"));
  CHECK(accepted(s.scan("T000001"), "pick.tote_assigned"));
  auto wrong = s.scan("A09-09-09");
  CHECK(wrong.at("verdict") == "refused");
  CHECK(wrong.at("message").at("id") == "pick.wrong_location");
  CHECK(accepted(s.scan("A01-01-01"), "pick.scan_item"));
  CHECK(accepted(s.scan("SKU-MUG1"), "pick.unit_picked"));
  CHECK(s.action("quantity", {{"n", "2"}}).at("verdict") == "accepted");
  CHECK(accepted(s.scan("A01-02-01"), "pick.scan_item"));
  const auto fefo = s.scan("(01)07350053850026(17)300630(10)L100");
  CHECK(fefo.at("verdict") == "accepted");
  CHECK(fefo.at("light") == "attention"); // an earlier lot (L099) is in stock
  CHECK(accepted(s.scan("A02-01-01"), "pick.scan_item"));
  CHECK(accepted(s.scan("(01)07350053850033(21)SN5001"), "pick.completed"));

  CHECK(accepted(s.scan("CMD-PACK"), "mode.pack"));
  CHECK(s.scan("T000001").at("verdict") == "accepted");
  CHECK(s.scan("BOX-M").at("verdict") == "accepted");
  const auto other = s.scan("SKU-TSHIRTM");
  CHECK(other.at("verdict") == "refused");
  CHECK(other.at("light") == "error");
  for (const char* unit : {"SKU-MUG1", "SKU-MUG1", "(01)07350053850026(10)L100", "(01)07350053850033(21)SN5001"}) {
    CHECK(s.scan(unit).at("verdict") == "accepted");
  }
  // Box 300 g + 2 x 350 + 120 + 400 = 1520 g; the package is on the scale before it is closed.
  s.weigh("1.522");
  const auto close = s.scan("CMD-CLOSE");
  CHECK(close.at("verdict") == "accepted");
  REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/orders/SO-000001/step") == "LABELED"; }, 20s));
  const auto state = s.state();
  const std::string sscc = at(state, "/orders/SO-000001/packages/0/sscc");
  CHECK(sscc.size() == 18);
  CHECK(at(state, "/orders/SO-000001/packages/0/measured_g") == "1522");
  // The GS1 logistic label and the carrier's label, each printed once.
  const auto labels = s.printer.labels();
  REQUIRE(labels.size() == 2);
  CHECK(labels[0].find(sscc.substr(0, 17)) != std::string::npos);
  CHECK(labels[1].find("UPS 1Z999AA10123456784") != std::string::npos);

  CHECK(accepted(s.scan("CMD-SHIP"), "mode.ship"));
  CHECK(s.scan("00" + sscc).at("verdict") == "accepted");
  CHECK(count_events(*s.daemon, "order.shipped") == 1);
  const auto again = s.scan("00" + sscc);
  CHECK(again.at("verdict") == "refused");
  CHECK(again.at("message").at("id") == "ship.already_loaded");
  // Every scan, accepted or refused, is in the journal.
  CHECK(count_events(*s.daemon, "workflow.input") >= 25);
}

TEST_CASE("kill -9 after every step of a full pack: the station resumes at the same step") {
  station s;
  CHECK(accepted(s.scan("OP-0001"), "session.welcome"));
  CHECK(accepted(s.scan("CMD-PACK"), "mode.pack"));
  // SO-000006: 3 T-shirts and a charger, in a medium box: 300 + 600 + 150 = 1050 g.
  const std::vector<std::function<void()>> steps = {
      [&] { CHECK(s.scan("SO-000006").at("verdict") == "accepted"); },
      [&] { CHECK(s.scan("BOX-M").at("verdict") == "accepted"); },
      [&] { CHECK(s.scan("SKU-TSHIRTM").at("verdict") == "accepted"); },
      [&] { CHECK(s.scan("SKU-TSHIRTM").at("verdict") == "accepted"); },
      [&] { CHECK(s.scan("SKU-TSHIRTM").at("verdict") == "accepted"); },
      [&] { CHECK(s.scan("07350053850071").at("verdict") == "accepted"); },
      [&] { CHECK(s.scan("CMD-CLOSE").at("verdict") == "accepted"); },
      [&] {
        s.weigh("1.049");
        REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/orders/SO-000006/step") == "LABELED"; }, 20s));
      },
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    CAPTURE(i);
    steps[i]();
    const auto before = s.state();
    s.kill_and_restart();
    const auto after = s.state();
    CHECK(json::serialize(after) == json::serialize(before));
  }
  // One SSCC, one logistic label: nothing was done twice across eight crashes.
  CHECK(s.printer.labels().size() == 1);
  CHECK(count_events(*s.daemon, "package.sealed") == 1);
}

TEST_CASE("kill -9 after every step of a full return: the station resumes at the same step") {
  station s;
  CHECK(accepted(s.scan("OP-0001"), "session.welcome"));
  CHECK(accepted(s.scan("CMD-RETURN"), "mode.return"));
  // RMA-000100: headphones SN1001 and a T-shirt; parcel expected 400 + 200 + 150 = 750 g.
  const std::vector<std::function<void()>> steps = {
      [&] { CHECK(accepted(s.scan("1ZRET0000000000001"), "return.arrived")); },
      [&] {
        s.weigh("0.745");
        REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/ret/step") == "items"; }));
      },
      [&] { CHECK(accepted(s.scan("(01)07350053850033(21)SN1001"), "return.item_ok")); },
      [&] { CHECK(accepted(s.scan("SKU-TSHIRTM"), "return.item_ok")); },
      [&] { CHECK(accepted(s.scan("CMD-DONE"), "return.items_done")); },
      [&] { CHECK(accepted(s.action("grade", {{"grade", "A"}, {"reasons", "AS_NEW"}}), "return.graded")); },
      [&] {
        CHECK(accepted(s.scan("CMD-CONFIRM"), "return.done"));
        REQUIRE(eventually([&] { return s.printer.labels().size() == 2; }, 10s));
      },
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    CAPTURE(i);
    steps[i]();
    const auto before = s.state();
    s.kill_and_restart();
    const auto after = s.state();
    CHECK(json::serialize(after) == json::serialize(before));
  }
  CHECK(at(s.state(), "/returns/RMA-000100/state") == "INSPECTED");
  CHECK(count_events(*s.daemon, "return.inspected") == 1);
  std::this_thread::sleep_for(500ms);
  CHECK(s.printer.labels().size() == 2); // one disposition label per unit, none twice
  const auto again = s.scan("RMA-000100");
  CHECK(again.at("verdict") == "refused");
  CHECK(again.at("message").at("id") == "return.already_done");
}

TEST_CASE("a package outside the weight tolerance needs a recount or a supervisor") {
  station s;
  CHECK(accepted(s.scan("OP-0002"), "session.welcome"));
  CHECK(accepted(s.scan("CMD-PACK"), "mode.pack"));
  CHECK(s.scan("SO-000006").at("verdict") == "accepted");
  CHECK(s.scan("BOX-M").at("verdict") == "accepted");
  for (const char* unit : {"SKU-TSHIRTM", "SKU-TSHIRTM", "SKU-TSHIRTM", "07350053850071"}) {
    CHECK(s.scan(unit).at("verdict") == "accepted");
  }
  CHECK(s.scan("CMD-CLOSE").at("verdict") == "accepted");
  s.weigh("1.400"); // 350 g over: something extra is in the box
  REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/pack/step") == "weight_mismatch"; }));
  // An operator cannot override; a supervisor's badge and a reason can.
  const auto no = s.action("override", {{"reason", "looks fine"}});
  CHECK(no.at("verdict") == "refused");
  CHECK(no.at("message").at("id") == "override.supervisor_needed");
  CHECK(s.scan("OP-0009").at("verdict") == "accepted");
  CHECK(s.action("override", {{"reason", "extra padding, checked"}}).at("verdict") == "accepted");
  REQUIRE(wait_state(s, [](const json::object& st) { return at(st, "/orders/SO-000006/step") == "LABELED"; }, 20s));
  sqlite::database db{s.daemon->journal_path(), sqlite::database::mode::read_only};
  auto st = db.prepare("SELECT json_extract(payload, '$.supervisor'), json_extract(payload, '$.reason'), "
                       "json_extract(payload, '$.operator') FROM events WHERE type = 'supervisor.override'");
  REQUIRE(st.step());
  CHECK(st.column_text(0) == "OP-0009");
  CHECK(st.column_text(1) == "extra padding, checked");
  CHECK(st.column_text(2) == "OP-0002");
}

TEST_CASE("stationctl master-load: checked before use, applied between two steps") {
  running_daemon d{scan_section};
  temp_dir files;
  const auto bad = files.write("bad.json", R"({"orders": [{"id": "SO-1", "lines": [{"line": 1, "gtin": "07350053850019", "quantity": 1}]}]})");
  auto r = run({stationctl_binary(), "--socket", d.socket_path(), "master-load", bad.string()});
  CHECK(r.status == 1);
  CHECK(r.err.find("master-load: orders[0].lines[0].gtin: 07350053850019 is not a product") != std::string::npos);
  CHECK(wait_value(d, "station.master_revision", 0));
  r = run({stationctl_binary(), "--socket", d.socket_path(), "master-load", source_dir() + "/config/master-data.example.json"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(wait_value(d, "station.master_revision", 1));
  const auto login = d.call("scan", {{"code", "OP-0001"}});
  CHECK(login.at("result") == 0);
  sqlite::database db{d.journal_path(), sqlite::database::mode::read_only};
  CHECK(db.query_int("SELECT count(*) FROM events WHERE type = 'master.loaded'") == 1);
}
