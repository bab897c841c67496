#include "core/usb_ports.hpp"

#include <doctest/doctest.h>

using namespace stationd::drivers;

TEST_CASE("a serial port is found by its USB identity, whatever its path") {
  const std::vector<port_description> ports = {
      {"/dev/ttyS0", "", "", "", "console"},
      {"/dev/ttyUSB0", "0403", "6001", "A50285BI", "FT232R"},
      {"/dev/ttyUSB1", "0403", "6001", "A9XK3L2Q", "FT232R"},
      {"/dev/ttyACM0", "0c2e", "0b61", "18012B0E61", "scanner"},
  };
  struct row {
    usb_match match;
    std::string path;
    std::string error;
  };
  const std::vector<row> rows = {
      {{"0c2e", "0b61", ""}, "/dev/ttyACM0", ""},
      {{"0C2E", "0B61", ""}, "/dev/ttyACM0", ""}, // hex ids in any case
      {{"0403", "6001", "A9XK3L2Q"}, "/dev/ttyUSB1", ""},
      {{"0403", "6001", ""}, "",
       "2 serial ports are USB 0403:6001 (/dev/ttyUSB0, /dev/ttyUSB1); set usb_serial to choose one"},
      {{"1234", "5678", ""}, "", "no serial port is USB 1234:5678 (not plugged in?)"},
      {{"0403", "6001", "NOPE"}, "", "no serial port is USB 0403:6001 serial NOPE (not plugged in?)"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.match.vid);
    const auto found = find_port(ports, r.match);
    CHECK(found.path.value_or("") == r.path);
    CHECK(found.error == r.error);
  }
}

TEST_CASE("listing the system's serial ports opens none of them") {
  // Only reads sysfs through libserialport; /dev/ttyS0 here is a console and must not be opened.
  const auto ports = list_serial_ports();
  for (const auto& p : ports) CHECK_FALSE(p.path.empty());
}
