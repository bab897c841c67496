#include "core/serial_link.hpp"

#include "core/device_error.hpp"
#include "core/usb_ports.hpp"

#include <fmt/format.h>

#include <termios.h>

namespace stationd::drivers {

namespace asio = boost::asio;

serial_settings serial_settings::from(const config::config_section& d) {
  serial_settings s;
  s.port = d.get_string("port");
  s.usb_vid = d.get_string("usb_vid");
  s.usb_pid = d.get_string("usb_pid");
  s.usb_serial = d.get_string("usb_serial");
  s.baud = static_cast<unsigned>(d.get_int("baud"));
  s.data_bits = static_cast<unsigned>(d.get_int("data_bits"));
  s.parity = d.get_string("parity");
  s.stop_bits = static_cast<unsigned>(d.get_int("stop_bits"));
  s.flow_control = d.get_string("flow_control");
  return s;
}

std::string resolve_port(const serial_settings& settings) {
  if (!settings.port.empty()) return settings.port;
  const auto match = find_port(list_serial_ports(), {settings.usb_vid, settings.usb_pid, settings.usb_serial});
  if (!match.path) throw device_error(match.error);
  return *match.path;
}

void open_serial(asio::serial_port& port, const std::string& path, const serial_settings& s) {
  boost::system::error_code ec;
  port.open(path, ec);
  if (ec) throw device_error(fmt::format("cannot open {}: {}", path, ec.message()));
  using sp = asio::serial_port_base;
  const auto parity = s.parity == "even" ? sp::parity::even : s.parity == "odd" ? sp::parity::odd : sp::parity::none;
  const auto flow = s.flow_control == "hardware"   ? sp::flow_control::hardware
                    : s.flow_control == "software" ? sp::flow_control::software
                                                   : sp::flow_control::none;
  const auto stop = s.stop_bits == 2 ? sp::stop_bits::two : sp::stop_bits::one;
  port.set_option(sp::baud_rate(s.baud), ec);
  if (!ec) port.set_option(sp::character_size(s.data_bits), ec);
  if (!ec) port.set_option(sp::stop_bits(stop), ec);
  if (!ec) port.set_option(sp::flow_control(flow), ec);
  if (ec) {
    port.close();
    throw device_error(fmt::format("cannot configure {}: {}", path, ec.message()));
  }
  // A pty refuses or ignores parity; a real port takes it. Either way the line
  // settings above are in force, and 7E1 protocols strip the parity bit in software.
  port.set_option(sp::parity(parity), ec);
  // Bytes that piled up while nobody was reading (a scale's reply to a request
  // from before a reconnect) would be taken for answers to the next request.
  ::tcflush(port.native_handle(), TCIOFLUSH);
}

} // namespace stationd::drivers
