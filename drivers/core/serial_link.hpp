#pragma once

#include "config/config_section.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/serial_port.hpp>

#include <string>

namespace stationd::drivers {

struct serial_settings {
  std::string port;       // a fixed path, or empty to find it by USB identity
  std::string usb_vid;
  std::string usb_pid;
  std::string usb_serial;
  unsigned baud = 9600;
  unsigned data_bits = 8;
  std::string parity = "none";
  unsigned stop_bits = 1;
  std::string flow_control = "none";

  static serial_settings from(const config::config_section& device);
};

// The path to open: the configured port, or the one USB port with the configured
// identity (looked up again at every connect, so a replugged adapter that came
// back as ttyUSB1 is still found). Throws device_error.
std::string resolve_port(const serial_settings& settings);

// Opens and configures a serial port (works on ptys too). Throws device_error
// naming the path. Parity on a pty is not possible; the driver strips parity
// bits itself where a protocol needs it.
void open_serial(boost::asio::serial_port& port, const std::string& path, const serial_settings& settings);

} // namespace stationd::drivers
