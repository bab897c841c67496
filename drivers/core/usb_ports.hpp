#pragma once

#include <optional>
#include <string>
#include <vector>

namespace stationd::drivers {

// A serial port as the system lists it, with its USB identity when it has one.
struct port_description {
  std::string path;       // /dev/ttyUSB0
  std::string usb_vid;    // "0c2e", lower case; empty for a non-USB port
  std::string usb_pid;
  std::string usb_serial;
  std::string description;
};

struct usb_match {
  std::string vid;    // empty: any
  std::string pid;    // empty: any
  std::string serial; // empty: any
};

// The one port matching `match` (case-insensitive hex ids). Several matches are
// an error (two identical adapters need usb_serial), as is none.
struct match_result {
  std::optional<std::string> path;
  std::string error;
};
match_result find_port(const std::vector<port_description>& ports, const usb_match& match);

// The system's serial ports, via libserialport's enumeration (sysfs). Lists only:
// nothing here opens a port.
std::vector<port_description> list_serial_ports();

} // namespace stationd::drivers
