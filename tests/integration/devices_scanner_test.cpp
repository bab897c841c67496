// stationd against simulated scanners: serial on a pty, TCP, and a keyboard
// wedge read through evdev records on a FIFO.

#include "device_helpers.hpp"

#include "sim/serial_scanner.hpp"
#include "sim/tcp_scanner.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <linux/input.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace stationd::test;
namespace json = boost::json;

namespace {

const char* fast_reconnect = "reconnect_initial = \"100ms\"\nreconnect_max = \"400ms\"\n";

bool is_scan_from(const json::object& e, const std::string& device) {
  return e.at("class").as_string() == "scan" && e.at("device").as_string() == device;
}

} // namespace

TEST_CASE("serial scanner: GS1 and EAN scans, garbage, unplug and replug") {
  temp_dir sims;
  const auto link = sims / "scanner";
  stationd::sim::serial_scanner scanner{{link, {}, {}}};
  scanner.start();
  running_daemon d{fmt::format("[[device]]\nname = \"scanner\"\nclass = \"scanner\"\ndriver = \"serial-scanner\"\n"
                               "port = \"{}\"\n{}",
                               link.string(), fast_reconnect)};
  REQUIRE(wait_value(d, "scanner.driver.state", "online"));
  event_listener events{d, "[\"scan\",\"device\"]"};

  scanner.send("]d2011950110153000031030123451726123110LOT-A1\x1d" "21SN0001");
  auto e = events.next([](const auto& ev) { return is_scan_from(ev, "scanner"); });
  CHECK(e.at("ok").as_bool());
  CHECK(str(e.at("scan").at("kind")) == "product");
  CHECK(str(e.at("scan").at("key")) == "19501101530000");
  CHECK(str(e.at("scan").at("attributes").at("lot")) == "LOT-A1");

  scanner.send("]E04006381333931");
  e = events.next([](const auto& ev) { return is_scan_from(ev, "scanner"); });
  CHECK(str(e.at("scan").at("key")) == "04006381333931");

  // Garbage on the line: refused with the reason, and the next scan is fine.
  scanner.send_raw(std::string{"\x01\x02" "abc\r", 6});
  e = events.next([](const auto& ev) { return is_scan_from(ev, "scanner"); });
  CHECK_FALSE(e.at("ok").as_bool());
  CHECK(str(e.at("error").at("code")) == "scan.not_ascii");
  scanner.send("]E04006381333932"); // bad check digit
  e = events.next([](const auto& ev) { return is_scan_from(ev, "scanner"); });
  CHECK(str(e.at("error").at("message")) == "GTIN 4006381333932: check digit is 2, expected 1");

  // Unplugged: offline with a reason; replugged: back within the backoff, no restart.
  scanner.unplug();
  REQUIRE(wait_value(d, "scanner.driver.state", "offline"));
  CHECK(wait_variable(d, "scanner.driver.error", [](const json::value& v) { return v.is_string(); }));
  scanner.replug();
  REQUIRE(wait_value(d, "scanner.driver.state", "online", std::chrono::seconds{3}));
  scanner.send("]C0LOC-1");
  e = events.next([](const auto& ev) { return is_scan_from(ev, "scanner"); });
  CHECK(e.at("ok").as_bool());
  CHECK(d.process().running());
}

TEST_CASE("serial scanner without suffix: the inter-character timeout ends a scan") {
  temp_dir sims;
  const auto link = sims / "scanner";
  stationd::sim::serial_scanner scanner{{link, {true, stationd::sim::terminator::none}, {}}};
  scanner.start();
  running_daemon d{fmt::format("[[device]]\nname = \"s\"\nclass = \"scanner\"\ndriver = \"serial-scanner\"\n"
                               "port = \"{}\"\nterminator = \"none\"\ninter_char_timeout = \"60ms\"\n{}",
                               link.string(), fast_reconnect)};
  REQUIRE(wait_value(d, "s.driver.state", "online"));
  event_listener events{d, "[\"scan\"]"};
  scanner.send("]E04006381333931");
  auto e = events.next([](const auto& ev) { return is_scan_from(ev, "s"); });
  CHECK(str(e.at("scan").at("key")) == "04006381333931");
}

TEST_CASE("TCP scanner: scans, dropped connection, reader restarted") {
  stationd::sim::tcp_scanner reader{{}};
  reader.start();
  running_daemon d{fmt::format("[[device]]\nname = \"gate\"\nclass = \"scanner\"\ndriver = \"tcp-scanner\"\n"
                               "host = \"127.0.0.1\"\ntcp_port = {}\nterminator = \"crlf\"\n{}",
                               reader.port(), fast_reconnect)};
  REQUIRE(wait_value(d, "gate.driver.state", "online"));
  event_listener events{d, "[\"scan\"]"};
  REQUIRE(eventually([&] { return reader.clients() == 1; }));
  reader.send("]C10010614141123456789702195011015300003724\x1d" "3302012550400PO-98765\x1d" "42010115");
  auto e = events.next([](const auto& ev) { return is_scan_from(ev, "gate"); });
  CHECK(str(e.at("scan").at("kind")) == "sscc");

  reader.drop();
  REQUIRE(wait_variable(d, "gate.driver.reconnects", [](const json::value& v) { return v.as_int64() >= 1; }, std::chrono::seconds{3}));
  REQUIRE(wait_value(d, "gate.driver.state", "online", std::chrono::seconds{3}));
  reader.stop();
  REQUIRE(wait_value(d, "gate.driver.state", "offline"));
  reader.start(); // same port
  REQUIRE(wait_value(d, "gate.driver.state", "online", std::chrono::seconds{3}));
  REQUIRE(eventually([&] { return reader.clients() == 1; }));
  reader.send("]E04006381333931");
  e = events.next([](const auto& ev) { return is_scan_from(ev, "gate"); });
  CHECK(e.at("ok").as_bool());
}

namespace {

// Writes key events the way the kernel delivers them: EV_KEY press/release, SYN_REPORT.
void press(int fd, std::uint16_t code, bool shift = false) {
  auto write_event = [fd](std::uint16_t type, std::uint16_t c, std::int32_t value) {
    input_event ev{};
    ev.type = type;
    ev.code = c;
    ev.value = value;
    REQUIRE(::write(fd, &ev, sizeof ev) == static_cast<ssize_t>(sizeof ev));
  };
  if (shift) {
    write_event(EV_KEY, KEY_LEFTSHIFT, 1);
    write_event(EV_SYN, SYN_REPORT, 0);
  }
  write_event(EV_KEY, code, 1);
  write_event(EV_SYN, SYN_REPORT, 0);
  write_event(EV_KEY, code, 0);
  write_event(EV_SYN, SYN_REPORT, 0);
  if (shift) {
    write_event(EV_KEY, KEY_LEFTSHIFT, 0);
    write_event(EV_SYN, SYN_REPORT, 0);
  }
}

} // namespace

TEST_CASE("keyboard-wedge scanner through evdev records") {
  temp_dir dir;
  const auto fifo = dir / "event-kbd";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Held open for writing first, so the daemon's non-blocking open sees a writer.
  const int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(writer >= 0);
  running_daemon d{fmt::format("[[device]]\nname = \"wedge\"\nclass = \"scanner\"\ndriver = \"evdev-scanner\"\n"
                               "path = \"{}\"\nlayout = \"us\"\ngs = \"ctrl-bracket\"\n{}",
                               fifo.string(), fast_reconnect)};
  REQUIRE(wait_value(d, "wedge.driver.state", "online"));
  event_listener events{d, "[\"scan\"]"};
  // "]E04006381333931" + Enter on a US layout: ] is key 27, E is Shift+18.
  press(writer, KEY_RIGHTBRACE);
  press(writer, KEY_E, true);
  for (const char c : std::string{"04006381333931"}) press(writer, c == '0' ? KEY_0 : static_cast<std::uint16_t>(KEY_1 + (c - '1')));
  press(writer, KEY_ENTER);
  auto e = events.next([](const auto& ev) { return is_scan_from(ev, "wedge"); });
  CHECK(e.at("ok").as_bool());
  CHECK(str(e.at("scan").at("key")) == "04006381333931");
  ::close(writer);
}
