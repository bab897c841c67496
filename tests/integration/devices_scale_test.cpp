// stationd against simulated serial scales (MT-SICS, Toledo 8213): settling,
// motion, overload, zero and tare, and every kind of bad reply, with recovery.

#include "device_helpers.hpp"

#include "sim/mtsics_scale.hpp"
#include "sim/toledo8213_scale.hpp"

#include <fmt/format.h>

#include <thread>

using namespace stationd::test;
using stationd::sim::decimal;
namespace json = boost::json;

namespace {

std::string scale_device(const std::string& driver, const std::filesystem::path& link, const std::string& extra = "") {
  return fmt::format("[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"{}\"\nport = \"{}\"\n"
                     "poll_interval = \"40ms\"\nsettle_window = \"300ms\"\nsettle_tolerance = 0.002\n"
                     "io_timeout = \"1s\"\nreconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n{}",
                     driver, link.string(), extra);
}


} // namespace

TEST_CASE("MT-SICS: a weight is stable only after settling, never in motion, never when disconnected") {
  temp_dir sims;
  const auto link = sims / "scale";
  stationd::sim::mtsics_scale scale{{.link = link, .serial_number = "B207696838"}};
  scale.set_weight(decimal::parse("0.000"));
  scale.start();
  running_daemon d{scale_device("mt-sics", link)};
  REQUIRE(wait_value(d, "scale.driver.state", "online"));
  CHECK(wait_value(d, "scale.driver.identity", "MT-SICS serial B207696838"));
  event_listener events{d, "[\"weight\"]"};

  // The load moves: the scale says dynamic; the station must never say stable.
  scale.set_stable(false);
  scale.set_weight(decimal::parse("1.250"));
  events.next([](const auto& ev) { return str(ev.at("weight")) == "1.250"; });
  const auto in_motion_from = events.seen.size();
  std::this_thread::sleep_for(std::chrono::milliseconds{600}); // twice the settle window, readings keep coming
  CHECK(wait_value(d, "scale.state", "motion"));

  // The scale settles: stable only after the settle window.
  const auto settled_at = std::chrono::steady_clock::now();
  scale.set_stable(true);
  auto e = events.next([](const auto& ev) { return ev.at("stable").as_bool(); });
  CHECK(std::chrono::steady_clock::now() - settled_at >= std::chrono::milliseconds{280});
  CHECK(str(e.at("weight")) == "1.250");
  CHECK(str(e.at("unit")) == "kg");
  // Every event while the scale said dynamic: not one of them stable.
  for (std::size_t i = in_motion_from; i + 1 < events.seen.size(); ++i) CHECK_FALSE(events.seen[i].at("stable").as_bool());

  // Overload: no weight at all.
  scale.set_overload(true);
  REQUIRE(wait_value(d, "scale.state", "overload"));
  CHECK(wait_value(d, "scale.weight", nullptr));
  scale.set_overload(false);
  REQUIRE(wait_value(d, "scale.state", "stable"));

  // Zero and tare from the control socket reach the scale.
  auto reply = d.call("weigh", {{"device", "scale"}, {"action", "tare"}});
  CHECK(reply.at("result").as_int64() == 0);
  CHECK(str(reply.at("text")) == "scale: tare done");
  CHECK(scale.state().tare_active());
  REQUIRE(wait_value(d, "scale.weight", "0.000"));
  reply = d.call("weigh", {{"device", "scale"}, {"action", "clear-tare"}});
  CHECK(reply.at("result").as_int64() == 0);
  reply = d.call("weigh", {{"action", "zero"}});
  CHECK(reply.at("result").as_int64() == 0);
  REQUIRE(wait_value(d, "scale.weight", "0.000"));

  // Zero while the load moves: refused by the scale, with the reason.
  scale.set_stable(false);
  reply = d.call("weigh", {{"action", "zero"}});
  CHECK(reply.at("result").as_int64() == 1);
  CHECK(str(reply.at("text")) == "scale: Z: not executed (the scale is busy or not stable)");
  scale.set_stable(true);

  // Unplugged: the weight disappears at once; replugged: it comes back.
  // (Zeroed at a load of 1.250, so a load of 3.750 shows 2.500.)
  scale.set_weight(decimal::parse("3.750"));
  REQUIRE(wait_value(d, "scale.weight", "2.500"));
  REQUIRE(wait_value(d, "scale.stable", true));
  scale.unplug();
  REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
  CHECK(wait_value(d, "scale.stable", false));
  CHECK(wait_variable(d, "scale.state", [](const json::value& v) { return v == "offline" || v == "stale"; }));
  scale.replug();
  REQUIRE(wait_value(d, "scale.driver.state", "online", std::chrono::seconds{3}));
  CHECK(wait_value(d, "scale.weight", "2.500"));
  CHECK(wait_value(d, "scale.stable", true));

  CHECK(d.process().running());
}

TEST_CASE("MT-SICS bad replies: each gives a clear error, then recovery") {
  temp_dir sims;
  const auto link = sims / "scale";
  stationd::sim::mtsics_scale scale{{.link = link}};
  scale.set_weight(decimal::parse("0.500"));
  scale.start();
  running_daemon d{scale_device("mt-sics", link)};
  REQUIRE(wait_value(d, "scale.stable", true));

  struct fault {
    std::string what;
    std::function<void()> inject;
    std::string error; // expected scale.error (prefix)
  };
  const std::vector<fault> faults = {
      {"syntax error reply", [&] { scale.answer_next_with("ES"); }, "SI: the scale does not know this command (ES)"},
      {"logical error reply", [&] { scale.answer_next_with("EL"); }, "SI: the scale cannot do this now (EL)"},
      {"not executable", [&] { scale.answer_next_with("S I"); }, "SI: not executed (the scale is busy or not stable)"},
      {"garbled reply", [&] { scale.answer_next_with("S X 1.0 kg"); }, "unreadable MT-SICS reply"},
      {"hardware error", [&] { scale.set_hardware_error("2t"); }, "SI: the scale reports error"},
  };
  event_listener events{d, "[\"weight\"]"};
  for (const auto& f : faults) {
    CAPTURE(f.what);
    f.inject();
    // The error shows in the event of that poll, with no weight.
    const auto e = events.next([&](const auto& ev) { return ev.at("error").is_string() && str(ev.at("error")).starts_with(f.error); });
    CHECK(e.at("weight").is_null());
    CHECK_FALSE(e.at("stable").as_bool());
    scale.set_hardware_error(std::nullopt);
    // Recovered without a reconnect.
    events.next([](const auto& ev) { return ev.at("stable").as_bool() && str(ev.at("weight")) == "0.500"; });
  }
  CHECK(wait_value(d, "scale.driver.reconnects", 0));

  // A scale that goes silent: the poll times out, the device reconnects, the weight is gone meanwhile.
  scale.go_silent(std::chrono::milliseconds{1500});
  REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
  CHECK(wait_variable(d, "scale.driver.error", [](const json::value& v) { return v.is_string() && str(v).find("no answer within") != std::string::npos; }));
  REQUIRE(wait_value(d, "scale.stable", true, std::chrono::seconds{5}));

  // A reply cut off half-way, then silence: the poll times out and the device reconnects.
  const auto reconnects = d.call("variables", {{"prefix", "scale.driver.reconnects"}}).at("arguments").at("scale.driver.reconnects").as_int64();
  scale.cut_next_reply(5, std::chrono::milliseconds{1500});
  REQUIRE(wait_variable(d, "scale.driver.reconnects", [&](const json::value& v) { return v.as_int64() > reconnects; }, std::chrono::seconds{5}));
  REQUIRE(wait_value(d, "scale.stable", true, std::chrono::seconds{5}));

  // Nothing but garbage: unusable replies in a row make it reconnect.
  scale.answer_next_with("garbage!", 5);
  CHECK(wait_variable(d, "scale.driver.error", [](const json::value& v) { return v.is_string() && str(v).find("unusable replies in a row") != std::string::npos; }));
  REQUIRE(wait_value(d, "scale.stable", true, std::chrono::seconds{5}));
}

TEST_CASE("Toledo 8213 with parity bits: weight, motion, over capacity, zero, no tare") {
  temp_dir sims;
  const auto link = sims / "scale8213";
  stationd::sim::toledo8213_scale scale{{.link = link, .decimals = 2, .grams = false, .parity = true, .unit = "lb"}};
  scale.set_weight(decimal::parse("12.34"));
  scale.start();
  running_daemon d{scale_device("toledo-8213", link, "unit = \"lb\"\n")};
  REQUIRE(wait_value(d, "scale.driver.state", "online"));
  REQUIRE(wait_value(d, "scale.stable", true));
  CHECK(wait_value(d, "scale.weight", "12.34"));
  CHECK(wait_value(d, "scale.unit", "lb"));

  scale.set_stable(false);
  REQUIRE(wait_value(d, "scale.state", "motion"));
  CHECK(wait_value(d, "scale.weight", nullptr)); // the 8213 sends no weight while in motion
  CHECK(wait_value(d, "scale.stable", false));
  scale.set_stable(true);
  REQUIRE(wait_value(d, "scale.stable", true));

  scale.set_overload(true);
  REQUIRE(wait_value(d, "scale.state", "overload"));
  scale.set_overload(false);
  REQUIRE(wait_value(d, "scale.stable", true));

  auto reply = d.call("weigh", {{"action", "zero"}});
  CHECK(reply.at("result").as_int64() == 0);
  REQUIRE(wait_value(d, "scale.weight", "0.00"));
  reply = d.call("weigh", {{"action", "tare"}});
  CHECK(reply.at("result").as_int64() == 1);
  CHECK(str(reply.at("text")) == "scale: tare: the 8213 protocol has no tare command; tare on the scale itself");

  // Garbage on the line in front of a reply is reported and passed over.
  event_listener events{d, "[\"weight\"]"};
  scale.garble_next_reply("ABC");
  events.next([](const auto& ev) { return ev.at("error").is_string() && str(ev.at("error")).find("garbage") != std::string::npos; });
  REQUIRE(wait_value(d, "scale.stable", true));

  scale.unplug();
  REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
  scale.replug();
  REQUIRE(wait_value(d, "scale.stable", true, std::chrono::seconds{5}));
}

TEST_CASE("reload adds, restarts, keeps and removes devices; bursts of reloads settle right") {
  temp_dir sims;
  const auto link = sims / "scale";
  stationd::sim::mtsics_scale scale{{.link = link}};
  scale.set_weight(decimal::parse("0.700"));
  scale.start();
  running_daemon d;
  event_listener events{d, "[\"device\"]"};
  auto reload_with = [&](const std::string& devices) {
    d.write_config(d.base_config() + devices);
    const auto reply = d.call("reload");
    REQUIRE_MESSAGE(reply.at("result").as_int64() == 0, str(reply.at("text")));
  };
  const auto device = scale_device("mt-sics", link);
  auto is_state = [](const std::string& state) {
    return [state](const json::object& e) { return str(e.at("device")) == "scale" && str(e.at("state")) == state; };
  };

  // Added by reload.
  reload_with(device);
  events.next(is_state("online"));
  REQUIRE(wait_value(d, "scale.weight", "0.700"));

  // Unchanged: not touched.
  reload_with(device);
  // Changed: restarted.
  reload_with(device + "usb_serial = \"A\"\n");
  events.next(is_state("stopped"));
  events.next(is_state("online"));

  // Changed and changed back before it stopped: it comes back, with the settings now in force.
  reload_with(device + "usb_serial = \"B\"\n");
  reload_with(device + "usb_serial = \"A\"\n");
  events.next(is_state("online"));
  REQUIRE(wait_value(d, "scale.stable", true));

  // Removed: its variables go. Removed and back in one burst: it stays.
  reload_with("");
  REQUIRE(eventually([&] { return d.call("devices").at("result").as_int64() == 3; })); // "no devices configured"
  CHECK(d.call("variables", {{"prefix", "scale."}}).at("result").as_int64() == 3);
  reload_with(device);
  reload_with("");
  reload_with(device);
  REQUIRE(wait_value(d, "scale.driver.state", "online"));
  CHECK(wait_value(d, "scale.weight", "0.700"));
  const auto list = d.call("devices").at("arguments").at("devices").as_array();
  CHECK(list.size() == 1);
}
