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
                     "io_timeout = \"300ms\"\nreconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n{}",
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
  REQUIRE(wait_value(d, "scale.weight", "1.250"));
  CHECK(wait_value(d, "scale.state", "motion"));
  std::this_thread::sleep_for(std::chrono::milliseconds{500}); // longer than the settle window
  CHECK(wait_value(d, "scale.stable", false));

  // The scale settles: stable only after the settle window.
  const auto settled_at = std::chrono::steady_clock::now();
  scale.set_stable(true);
  auto e = events.next([](const auto& ev) { return ev.at("stable").as_bool(); });
  CHECK(std::chrono::steady_clock::now() - settled_at >= std::chrono::milliseconds{280});
  CHECK(str(e.at("weight")) == "1.250");
  CHECK(str(e.at("unit")) == "kg");
  for (const auto& ev : events.seen) {
    if (ev.at("stable").as_bool()) CHECK(str(ev.at("state")) == "stable");
  }

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

  // No event ever showed a weight as stable while offline, stale or in motion.
  for (const auto& ev : events.seen) {
    if (ev.at("stable").as_bool()) CHECK_FALSE(ev.at("weight").is_null());
  }
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
  for (const auto& f : faults) {
    CAPTURE(f.what);
    f.inject();
    CHECK(wait_variable(d, "scale.error", [&](const json::value& v) { return v.is_string() && str(v).starts_with(f.error); }));
    CHECK(wait_value(d, "scale.weight", nullptr));
    scale.set_hardware_error(std::nullopt);
    CHECK(wait_value(d, "scale.stable", true)); // recovered without a reconnect
    CHECK(wait_value(d, "scale.weight", "0.500"));
  }
  CHECK(wait_value(d, "scale.driver.reconnects", 0));

  // A scale that goes silent: the poll times out, the device reconnects, the weight is gone meanwhile.
  scale.go_silent(std::chrono::milliseconds{1500});
  REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
  CHECK(wait_variable(d, "scale.driver.error", [](const json::value& v) { return v.is_string() && str(v).find("no answer within") != std::string::npos; }));
  REQUIRE(wait_value(d, "scale.stable", true, std::chrono::seconds{5}));

  // A reply cut off half-way, then silence: the same.
  scale.cut_next_reply(5, std::chrono::milliseconds{800});
  REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
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

  // Garbage between frames is reported and passed over.
  scale.send_raw("ABC");
  CHECK(wait_variable(d, "scale.error", [](const json::value& v) { return v.is_string() && str(v).find("garbage") != std::string::npos; }));
  REQUIRE(wait_value(d, "scale.stable", true));

  scale.unplug();
  REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
  scale.replug();
  REQUIRE(wait_value(d, "scale.stable", true, std::chrono::seconds{5}));
}
