// The station workflows end to end: stationd with a simulated MT-SICS scale on a
// pty and a simulated Zebra printer on TCP, driven through the control socket as
// `stationctl scan` / `stationctl action` would. A full pick -> pack -> ship;
// kill -9 after every step of a full pack and a full return, each time resuming
// at the same step with the same progress.

#include "device_helpers.hpp"

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

namespace {

const std::string scan_section =
    "[scan]\ncommand_prefix = \"CMD-\"\nbadge_pattern = \"OP-[0-9]{4}\"\n"
    "location_pattern = \"[A-Z][0-9]{2}-[0-9]{2}-[0-9]{2}\"\ntote_pattern = \"T[0-9]{6}\"\n"
    "order_pattern = \"SO-[0-9]{6,10}\"\nrma_pattern = \"RMA-[0-9]{6,10}\"\nsku_pattern = \"SKU-[0-9A-Z]{4,12}\"\n"
    "[[scan.carrier]]\nname = \"ups\"\npattern = \"1Z[0-9A-Z]{16}\"\n";

// A station with a scale, a printer and the example master data.
struct station {
  temp_dir sims;
  sim::mtsics_scale scale{{.link = sims / "scale", .serial_number = "WF-1"}};
  sim::zpl_printer printer{printer_options()};
  std::unique_ptr<running_daemon> daemon;

  static sim::zpl_printer::options printer_options() {
    sim::zpl_printer::options o;
    o.printer.label_time = 10ms;
    return o;
  }

  station() {
    scale.set_weight(sim::decimal::parse("0.000"));
    scale.set_stable(true);
    scale.start();
    printer.start();
    daemon = std::make_unique<running_daemon>(fmt::format(
        "[sscc]\ncompany_prefix = \"7350053\"\nextension_digit = 0\n"
        "[labels]\nship_from = \"Lager Nord, Dock 2\"\n"
        "[workflow]\nmaster_data = \"{}\"\n{}"
        "[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"mt-sics\"\nport = \"{}\"\n"
        "poll_interval = \"100ms\"\nsettle_window = \"300ms\"\nreconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n"
        "[[device]]\nname = \"printer\"\nclass = \"printer\"\ndriver = \"zpl-tcp\"\nhost = \"127.0.0.1\"\n"
        "tcp_port = {}\nstatus_interval = \"100ms\"\nreconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n",
        source_dir() + "/config/master-data.example.json", scan_section, (sims / "scale").string(), printer.port()));
    REQUIRE(wait_value(*daemon, "scale.driver.state", "online"));
    REQUIRE(wait_value(*daemon, "printer.status", "READY"));
  }

  // The decision a scan got (after it was committed).
  json::object scan(const std::string& code) {
    const auto reply = daemon->call("scan", {{"code", code}});
    const auto* args = reply.if_contains("arguments");
    REQUIRE_MESSAGE(args, json::serialize(reply));
    const auto* decision = args->as_object().if_contains("decision");
    REQUIRE_MESSAGE(decision, json::serialize(reply));
    return decision->as_object();
  }

  json::object action(const std::string& name, json::object args = {}) {
    const auto reply = daemon->call("action", {{"name", name}, {"args", std::move(args)}});
    REQUIRE_MESSAGE(reply.contains("arguments"), json::serialize(reply));
    return reply.at("arguments").as_object();
  }

  // Puts `kg` on the scale: it moves, then settles.
  void weigh(const std::string& kg) {
    scale.set_stable(false);
    scale.set_weight(sim::decimal::parse(kg));
    REQUIRE(wait_value(*daemon, "scale.state", "motion"));
    scale.set_stable(true);
  }

  json::object state() {
    auto s = daemon->call("station").at("arguments").as_object();
    s.erase("last"); // the last message is shown, not stored
    return s;
  }

  void kill_and_restart() {
    daemon->process().signal(SIGKILL);
    daemon->process().wait(5s);
    daemon->start();
  }
};

bool accepted(const json::object& decision, const std::string& message) {
  const bool ok = decision.at("verdict") == "accepted" && str(decision.at("message").at("id")) == message;
  if (!ok) MESSAGE("expected accepted ", message, ", got ", json::serialize(decision));
  return ok;
}

bool wait_state(station& s, const std::function<bool(const json::object&)>& ready, std::chrono::milliseconds timeout = 10s) {
  json::object last;
  const bool ok = eventually(
      [&] {
        last = s.state();
        return ready(last);
      },
      timeout);
  if (!ok) MESSAGE("station state: ", json::serialize(last));
  return ok;
}

std::string at(const json::object& o, std::string_view pointer) {
  boost::system::error_code ec;
  const json::value v = o;
  const auto* found = v.find_pointer(pointer, ec);
  if (!found) return "<missing>";
  return found->is_string() ? std::string{found->get_string()} : json::serialize(*found);
}

} // namespace

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
