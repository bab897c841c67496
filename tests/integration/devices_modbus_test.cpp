// stationd against simulated Modbus devices: weight indicators with three
// documented register maps over TCP, one over RTU on a pty, a Patlite tower and
// a relay module; exception replies, stopped servers, recovery.

#include "device_helpers.hpp"

#include "sim/modbus_rtu_server.hpp"
#include "sim/modbus_scale.hpp"
#include "sim/modbus_tcp_server.hpp"
#include "sim/patlite_la6.hpp"
#include "sim/relay_module.hpp"

#include <fmt/format.h>

#include <thread>

using namespace stationd::test;
using stationd::sim::decimal;
namespace json = boost::json;

namespace {

const char* timing = "poll_interval = \"50ms\"\nsettle_window = \"200ms\"\nio_timeout = \"1s\"\n"
                     "reconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n";

} // namespace

TEST_CASE("Modbus TCP weight indicators: four documented register maps") {
  struct row {
    stationd::sim::modbus_scale_map map;
    std::string profile;
    int decimals;
    int unit_id;
  };
  const std::vector<row> rows = {
      {stationd::sim::modbus_scale_map::dini_dgt4x, "dini-argeo-dgt4x", 3, 1},
      {stationd::sim::modbus_scale_map::laumas_tlu, "laumas-tlu", 1, 1},
      {stationd::sim::modbus_scale_map::pavone_dat700, "pavone-dat700", 2, 255},
      {stationd::sim::modbus_scale_map::flintec_dad141, "flintec-dad141", 3, 1},
  };
  for (const auto& r : rows) {
    CAPTURE(r.profile);
    auto indicator = stationd::sim::modbus_scale::make(r.map, {.decimals = r.decimals});
    stationd::sim::modbus_tcp_server server{*indicator};
    server.start();
    indicator->set_weight(decimal::parse("12.5"));
    running_daemon d{fmt::format("[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"modbus-scale\"\n"
                                 "transport = \"tcp\"\nhost = \"127.0.0.1\"\ntcp_port = {}\nunit_id = {}\nprofile = \"{}\"\n{}",
                                 server.port(), r.unit_id, r.profile, timing)};
    REQUIRE(wait_value(d, "scale.driver.state", "online"));
    const auto expected = fmt::format("{:.{}f}", 12.5, r.decimals);
    CHECK(wait_value(d, "scale.weight", json::value(expected)));
    CHECK(wait_value(d, "scale.stable", true));
    CHECK(wait_variable(d, "scale.driver.identity", [&](const json::value& v) { return str(v).find(r.profile) != std::string::npos; }));

    // In motion: the weight shows, never as stable.
    indicator->set_stable(false);
    REQUIRE(wait_value(d, "scale.state", "motion"));
    CHECK(wait_value(d, "scale.stable", false));
    indicator->set_stable(true);
    REQUIRE(wait_value(d, "scale.stable", true));

    // Below zero: the sign comes through (absolute values + sign bit where the device does that).
    indicator->set_weight(decimal::parse("-0.5"));
    CHECK(wait_value(d, "scale.weight", json::value(fmt::format("{:.{}f}", -0.5, r.decimals))));
    indicator->set_weight(decimal::parse("12.5"));

    // An exception reply: shown as the error of that poll, then polling goes on.
    event_listener events{d, "[\"weight\"]"};
    indicator->inject_exception(0x02, 1);
    events.next([](const auto& ev) {
      return ev.at("error").is_string() && str(ev.at("error")).find("Modbus exception 02 (Illegal data address)") != std::string::npos;
    });
    REQUIRE(wait_value(d, "scale.stable", true));
    CHECK(wait_value(d, "scale.driver.reconnects", 0));

    // The indicator goes away (server stopped) and comes back on the same port.
    server.stop();
    REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
    CHECK(wait_value(d, "scale.stable", false));
    server.start();
    REQUIRE(wait_value(d, "scale.driver.state", "online", std::chrono::seconds{3}));
    CHECK(wait_value(d, "scale.weight", json::value(expected)));
  }
}

TEST_CASE("Modbus scale zero and tare through the profile's command register") {
  auto indicator = stationd::sim::modbus_scale::make(stationd::sim::modbus_scale_map::dini_dgt4x, {.decimals = 3});
  stationd::sim::modbus_tcp_server server{*indicator};
  server.start();
  indicator->set_weight(decimal::parse("1.000"));
  running_daemon d{fmt::format("[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"modbus-scale\"\n"
                               "host = \"127.0.0.1\"\ntcp_port = {}\nprofile = \"dini-argeo-dgt4x\"\n{}",
                               server.port(), timing)};
  REQUIRE(wait_value(d, "scale.weight", "1.000"));
  CHECK(d.call("weigh", {{"action", "tare"}}).at("result").as_int64() == 0);
  CHECK(indicator->state().tare_active());
  REQUIRE(wait_value(d, "scale.weight", "0.000"));
  CHECK(d.call("weigh", {{"action", "zero"}}).at("result").as_int64() == 0);
  const auto no_clear = d.call("weigh", {{"action", "clear-tare"}});
  CHECK(no_clear.at("result").as_int64() == 1);
  CHECK(str(no_clear.at("text")) == "scale: clear tare: profile dini-argeo-dgt4x has no clear tare command");
}

TEST_CASE("Modbus RTU weight indicator on a pty: unplug and replug") {
  temp_dir sims;
  const auto link = sims / "rtu";
  auto indicator = stationd::sim::modbus_scale::make(stationd::sim::modbus_scale_map::dini_dgt4x, {.decimals = 3});
  stationd::sim::modbus_rtu_server server{*indicator, {.link = link, .address = 7}};
  indicator->set_weight(decimal::parse("3.210"));
  server.start();
  running_daemon d{fmt::format("[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"modbus-scale\"\n"
                               "transport = \"rtu\"\nport = \"{}\"\nunit_id = 7\nprofile = \"dini-argeo-dgt4x\"\n{}",
                               link.string(), timing)};
  REQUIRE(wait_value(d, "scale.weight", "3.210"));
  CHECK(wait_value(d, "scale.stable", true));
  // Line noise: a reply with a wrong CRC is reported on that poll, polling goes on.
  event_listener events{d, "[\"weight\"]"};
  server.corrupt_next_replies(1);
  events.next([](const auto& ev) { return ev.at("error").is_string() && str(ev.at("error")).find("Invalid CRC") != std::string::npos; });
  REQUIRE(wait_value(d, "scale.stable", true));
  CHECK(wait_value(d, "scale.driver.reconnects", 0));
  // The indicator stops answering: the request times out, the device reconnects.
  indicator->set_silent(true, std::chrono::milliseconds{1500});
  REQUIRE(wait_variable(d, "scale.driver.reconnects", [](const json::value& v) { return v.as_int64() >= 1; }, std::chrono::seconds{6}));
  REQUIRE(wait_value(d, "scale.stable", true, std::chrono::seconds{5}));
  server.unplug();
  REQUIRE(wait_value(d, "scale.weight", nullptr, std::chrono::seconds{2}));
  server.replug();
  REQUIRE(wait_value(d, "scale.weight", "3.210", std::chrono::seconds{5}));
}

TEST_CASE("a missing or broken Modbus profile is a configuration error") {
  temp_dir dir;
  const auto broken = dir.write("scales/broken.toml", "title = \"x\"\n[read]\naddress = 0\ncount = 2\n[weight]\noffset = 1\n");
  const auto cfg = dir.write("station.toml",
                             "[station]\nid = \"b\"\n[[device]]\nname = \"a\"\nclass = \"scale\"\ndriver = \"modbus-scale\"\n"
                             "host = \"127.0.0.1\"\nprofile = \"nope\"\n"
                             "[[device]]\nname = \"b\"\nclass = \"scale\"\ndriver = \"modbus-scale\"\n"
                             "host = \"127.0.0.1\"\nprofile = \"broken\"\n");
  const auto r = run({stationd_binary(), "-t", cfg.string()});
  CHECK(r.status == 1);
  CHECK(r.err.find(fmt::format("{}:8:11: device[0].profile = \"nope\": no scale profile nope in {}/scales or", cfg.string(),
                               dir.path().string())) != std::string::npos);
  CHECK(r.err.find(fmt::format("device[1].profile = \"broken\": {}:6:10: weight.offset = 1: reaches register 3 of a block of 2 (read.count)",
                               broken.string())) != std::string::npos);
}

TEST_CASE("Patlite tower: signals, buzzer time, back after a restart") {
  stationd::sim::patlite_la6 tower;
  stationd::sim::modbus_tcp_server server{tower};
  server.start();
  running_daemon d{fmt::format("[[device]]\nname = \"tower\"\nclass = \"light\"\ndriver = \"patlite\"\n"
                               "host = \"127.0.0.1\"\ntcp_port = {}\nred_tier = 1\namber_tier = 2\ngreen_tier = 3\n"
                               "buzzer_pattern = 2\nbuzz_duration = \"300ms\"\nio_timeout = \"300ms\"\n"
                               "reconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n",
                               server.port())};
  REQUIRE(wait_value(d, "tower.driver.state", "online"));
  // At start the tower shows "ready": green.
  REQUIRE(eventually([&] { return tower.snapshot().tiers[2] == stationd::sim::patlite_la6::led_on; }));
  CHECK(tower.snapshot().tiers[0] == stationd::sim::patlite_la6::led_off);

  CHECK(d.call("light", {{"signal", "error"}}).at("result").as_int64() == 0);
  REQUIRE(eventually([&] { return tower.snapshot().tiers[0] == stationd::sim::patlite_la6::led_on; }));
  CHECK(tower.snapshot().buzzer == 2);
  CHECK(tower.snapshot().tiers[2] == stationd::sim::patlite_la6::led_off);
  // The buzzer stops after buzz_duration; the red lamp stays.
  REQUIRE(eventually([&] { return tower.snapshot().buzzer == 0; }, std::chrono::seconds{2}));
  CHECK(tower.snapshot().tiers[0] == stationd::sim::patlite_la6::led_on);

  CHECK(d.call("light", {{"signal", "busy"}}).at("result").as_int64() == 0);
  REQUIRE(eventually([&] { return tower.snapshot().tiers[1] == stationd::sim::patlite_la6::led_flashing; }));
  CHECK(d.call("light", {{"signal", "purple"}}).at("result").as_int64() == 1);

  // Restarted tower: shows the current signal again.
  server.stop();
  REQUIRE(wait_value(d, "tower.driver.state", "offline"));
  CHECK(d.call("light", {{"signal", "attention"}}).at("result").as_int64() == 0);
  server.start();
  REQUIRE(wait_value(d, "tower.driver.state", "online", std::chrono::seconds{3}));
  REQUIRE(eventually([&] { return tower.snapshot().tiers[1] == stationd::sim::patlite_la6::led_on; }));
}

TEST_CASE("relay module: lamps on coils, flashing timed by the station") {
  stationd::sim::relay_module relays;
  stationd::sim::modbus_tcp_server server{relays};
  server.start();
  running_daemon d{fmt::format("[[device]]\nname = \"relays\"\nclass = \"light\"\ndriver = \"modbus-relay\"\n"
                               "host = \"127.0.0.1\"\ntcp_port = {}\nbuzz_duration = \"200ms\"\n",
                               server.port())};
  REQUIRE(wait_value(d, "relays.driver.state", "online"));
  REQUIRE(eventually([&] { return relays.coil(2); })); // ready: green
  CHECK(d.call("light", {{"signal", "error"}}).at("result").as_int64() == 0);
  REQUIRE(eventually([&] { return relays.coil(0) && relays.coil(3); }));
  CHECK_FALSE(relays.coil(2));
  REQUIRE(eventually([&] { return !relays.coil(3); }, std::chrono::seconds{2})); // buzzer off again
  CHECK(d.call("light", {{"signal", "busy"}}).at("result").as_int64() == 0);
  // Amber flashes: seen both on and off.
  bool on = false;
  bool off = false;
  CHECK(eventually([&] {
    (relays.coil(1) ? on : off) = true;
    return on && off;
  }, std::chrono::seconds{3}));
}

TEST_CASE("stationctl devices lists every device with its state") {
  auto indicator = stationd::sim::modbus_scale::make(stationd::sim::modbus_scale_map::pavone_dat700, {.decimals = 2});
  stationd::sim::modbus_tcp_server server{*indicator};
  server.start();
  running_daemon d{fmt::format("[[device]]\nname = \"scale\"\nclass = \"scale\"\ndriver = \"modbus-scale\"\n"
                               "host = \"127.0.0.1\"\ntcp_port = {}\nunit_id = 255\nprofile = \"pavone-dat700\"\n{}"
                               "[[device]]\nname = \"spare\"\nclass = \"scanner\"\ndriver = \"serial-scanner\"\n"
                               "port = \"/dev/null-no-such\"\nenabled = false\n",
                               server.port(), timing)};
  REQUIRE(wait_value(d, "scale.driver.state", "online"));
  const auto r = run({stationctl_binary(), "--socket", d.socket_path(), "devices"});
  CHECK(r.status == 0);
  const auto reply = json::parse(r.out).as_object();
  const auto& list = reply.at("arguments").at("devices").as_array();
  REQUIRE(list.size() == 2);
  CHECK(str(list[0].at("name")) == "scale");
  CHECK(str(list[0].at("status").at("scale.driver.state")) == "online");
  CHECK(str(list[1].at("status").at("spare.driver.state")) == "disabled");
}
