#pragma once
// A station for end-to-end tests: stationd with a simulated MT-SICS scale on a
// pty, a simulated Zebra printer on TCP and the example master data, driven
// through the control socket as `stationctl scan` / `stationctl action` would.

#include "device_helpers.hpp"

#include "sim/mtsics_scale.hpp"
#include "sim/zpl_printer.hpp"

#include <fmt/format.h>

#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace stationd::test {
namespace json = boost::json;
using namespace std::chrono_literals;

inline const std::string scan_section =
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

  explicit station(const std::string& extra_toml = "") : station(extra_toml, {}, nullptr) {}

  // `env` and `before_start` as for running_daemon; `launcher` runs stationd (nsenter ...).
  station(const std::string& extra_toml, std::map<std::string, std::string> env,
          const std::function<void(const temp_dir&)>& before_start, std::vector<std::string> launcher = {}) {
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
        "tcp_port = {}\nstatus_interval = \"100ms\"\nreconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n{}",
        source_dir() + "/config/master-data.example.json", scan_section, (sims / "scale").string(), printer.port(),
        extra_toml), std::move(env), [&](const temp_dir& dir) { if (before_start) before_start(dir); }, std::move(launcher));
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

inline bool accepted(const json::object& decision, const std::string& message) {
  const bool ok = decision.at("verdict") == "accepted" && str(decision.at("message").at("id")) == message;
  if (!ok) MESSAGE("expected accepted ", message, ", got ", json::serialize(decision));
  return ok;
}

inline bool wait_state(station& s, const std::function<bool(const json::object&)>& ready, std::chrono::milliseconds timeout = 10s) {
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

inline std::string at(const json::object& o, std::string_view pointer) {
  boost::system::error_code ec;
  const json::value v = o;
  const auto* found = v.find_pointer(pointer, ec);
  if (!found) return "<missing>";
  return found->is_string() ? std::string{found->get_string()} : json::serialize(*found);
}

} // namespace stationd::test
