#include "config/device_schema.hpp"

#include "config/config_section.hpp"

#include <fmt/format.h>

#include <chrono>

namespace stationd::config {

using namespace std::chrono_literals;
using k = key_spec;

namespace {

const char* const name_pattern = "[A-Za-z][A-Za-z0-9_-]{0,31}";

// Where a serial device is: a fixed path, or the USB identity that finds its path
// whatever port it is plugged into.
std::vector<key_spec> serial_port_keys() {
  return {
      k::string("port", "", "Serial device path, e.g. /dev/ttyUSB0 or /dev/stationd/scale. Empty: find it by usb_vid/usb_pid/usb_serial.")
          .matching("(/.*)?", "an absolute path or empty"),
      k::string("usb_vid", "", "USB vendor id (4 hex digits) of the serial adapter, to find the port after a replug.")
          .matching("([0-9a-fA-F]{4})?", "4 hex digits or empty"),
      k::string("usb_pid", "", "USB product id (4 hex digits).").matching("([0-9a-fA-F]{4})?", "4 hex digits or empty"),
      k::string("usb_serial", "", "USB serial number, to tell two identical adapters apart."),
      k::integer("baud", 9600, "Bits per second.").checked([](const config_value& v) -> std::optional<std::string> {
        static constexpr std::int64_t rates[] = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
        for (auto r : rates) {
          if (std::get<std::int64_t>(v) == r) return std::nullopt;
        }
        return "must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200";
      }),
      k::integer("data_bits", 8, "Data bits: 7 or 8.").between(7, 8),
      k::string("parity", "none", "none, even or odd.").one_of({"none", "even", "odd"}),
      k::integer("stop_bits", 1, "1 or 2.").between(1, 2),
      k::string("flow_control", "none", "none, hardware (RTS/CTS) or software (XON/XOFF).")
          .one_of({"none", "hardware", "software"}),
  };
}

std::vector<key_spec> tcp_keys(std::int64_t default_port) {
  return {
      k::required("host", value_kind::string, "Host name or IP address of the device.").matching(".+", "a host name or address"),
      k::integer("tcp_port", default_port, "TCP port.").between(1, 65535),
  };
}

std::vector<key_spec> scanner_framing_keys() {
  return {
      k::string("terminator", "cr", "End of a scan: cr, lf, crlf, or none (the inter-character timeout ends it).")
          .one_of({"cr", "lf", "crlf", "none"}),
      k::string("prefix", "", "Bytes the scanner sends before each scan, removed (\\u0002 for STX). Empty: none."),
      k::time_span("inter_char_timeout", 80ms, "A gap this long ends a scan whose terminator did not come.")
          .between(10ms, 2s),
  };
}

std::vector<key_spec> scale_keys() {
  return {
      k::time_span("poll_interval", 200ms, "How often the weight is asked for.").between(20ms, 10s),
      k::time_span("settle_window", 600ms, "A weight counts as stable only after staying within settle_tolerance this long.")
          .between(0ms, 10s),
      k::floating("settle_tolerance", 0.0, "Largest change within settle_window, in the scale's unit.")
          .between_real(0.0, 1000.0),
  };
}

std::vector<key_spec> modbus_keys() {
  return {
      k::string("transport", "tcp", "tcp (Modbus TCP) or rtu (Modbus RTU on a serial port).").one_of({"tcp", "rtu"}),
      k::string("host", "", "Modbus TCP: host name or address."),
      k::integer("tcp_port", 502, "Modbus TCP port.").between(1, 65535),
      k::integer("unit_id", 1, "Modbus unit (slave) id.").between(0, 255),
  };
}

std::vector<key_spec> join(std::vector<std::vector<key_spec>> groups) {
  std::vector<key_spec> all;
  for (auto& g : groups) {
    for (auto& key : g) all.push_back(std::move(key));
  }
  return all;
}

std::vector<section_problem> check_device(const config_section& d) {
  std::vector<section_problem> problems;
  const auto& driver = d.get_string("driver");
  const auto& cls = d.get_string("class");
  const std::map<std::string, std::string, std::less<>> class_of = {
      {"serial-scanner", "scanner"}, {"tcp-scanner", "scanner"}, {"evdev-scanner", "scanner"},
      {"mt-sics", "scale"},          {"toledo-8213", "scale"},   {"modbus-scale", "scale"},
      {"patlite", "light"},          {"modbus-relay", "light"},  {"zpl-tcp", "printer"},
      {"zpl-serial", "printer"},
  };
  if (const auto it = class_of.find(driver); it != class_of.end() && it->second != cls) {
    problems.push_back({"class", fmt::format("driver {} is a {} driver", driver, it->second)});
  }
  auto uses_serial = [&] {
    if (driver == "serial-scanner" || driver == "mt-sics" || driver == "toledo-8213" || driver == "zpl-serial") return true;
    return (driver == "modbus-scale" || driver == "modbus-relay") && d.get_string("transport") == "rtu";
  };
  if (uses_serial() && d.get_string("port").empty() && d.get_string("usb_vid").empty()) {
    problems.push_back({"port", "give port, or usb_vid and usb_pid to find the port"});
  }
  if ((driver == "modbus-scale" || driver == "modbus-relay") && d.get_string("transport") == "tcp" &&
      d.get_string("host").empty()) {
    problems.push_back({"host", "Modbus TCP needs a host"});
  }
  if ((driver == "modbus-scale" || driver == "modbus-relay") && d.get_string("transport") == "rtu") {
    const auto unit = d.get_int("unit_id");
    if (unit < 1 || unit > 247) problems.push_back({"unit_id", "a Modbus RTU unit id is 1 to 247"});
  }
  if (driver == "patlite") {
    const auto red = d.get_int("red_tier");
    const auto amber = d.get_int("amber_tier");
    const auto green = d.get_int("green_tier");
    if (red == amber || red == green || amber == green) {
      problems.push_back({"green_tier", "red_tier, amber_tier and green_tier must be three different tiers"});
    }
  }
  if (d.get_duration("reconnect_max") < d.get_duration("reconnect_initial")) {
    problems.push_back({"reconnect_max", "must not be below reconnect_initial"});
  }
  return problems;
}

} // namespace

section_spec device_section() {
  auto s = section_spec::make(
      "device", "A device at the bench.", presence::repeated,
      {
          k::required("name", value_kind::string, "Unique name; its status variables are <name>.*.")
              .matching(name_pattern, "1 to 32 letters, digits, '_' or '-', starting with a letter")
              .distinct(),
          k::required("class", value_kind::string, "scanner, scale, light or printer.")
              .one_of({"scanner", "scale", "light", "printer"}),
          k::required("driver", value_kind::string, "The driver; decides which other keys the device takes."),
          k::boolean("enabled", true, "false: configured but not opened."),
          k::time_span("reconnect_initial", 1s, "First wait after the connection is lost.").between(100ms, 10min),
          k::time_span("reconnect_max", 30s, "Longest wait between attempts (the wait doubles each time).")
              .between(100ms, 1h),
          k::time_span("io_timeout", 1s, "A device that does not answer within this is treated as lost.")
              .between(50ms, 60s),
      });
  s.variant_key = "driver";
  s.variants["serial-scanner"] = join({serial_port_keys(), scanner_framing_keys()});
  s.variants["tcp-scanner"] = join({tcp_keys(23), scanner_framing_keys()});
  s.variants["evdev-scanner"] = {
      k::string("path", "", "Input device, e.g. /dev/input/by-id/usb-Scanner-event-kbd.").matching("/.+", "an absolute path"),
      k::string("layout", "us", "Keyboard layout the scanner types in: us or sv.").one_of({"us", "sv"}),
      k::string("gs", "ctrl-bracket", "How the scanner types GS: ctrl-bracket (Ctrl+]), alt-numpad (Alt+029) or key.")
          .one_of({"ctrl-bracket", "alt-numpad", "key"}),
      k::integer("gs_key", 0, "gs = \"key\": the key code that types GS (e.g. 87 for F11).").between(0, 767),
      k::boolean("grab", true, "Grab the device (EVIOCGRAB) so scans do not also type into a focused window."),
      k::time_span("inter_char_timeout", 80ms, "A gap this long ends a scan without Enter.").between(10ms, 2s),
  };
  s.variants["mt-sics"] = join({serial_port_keys(), scale_keys()});
  s.variants["toledo-8213"] = join({serial_port_keys(), scale_keys(),
                                    {k::string("unit", "kg", "The unit the scale is set to (8213 records carry none).")
                                         .one_of({"kg", "g", "lb", "oz"})}});
  s.variants["modbus-scale"] = join({modbus_keys(), serial_port_keys(), scale_keys(),
                                     {k::required("profile", value_kind::string,
                                                  "Register map: a name from config/scales/ (e.g. dini-argeo-dgt4x) or a path to a profile file.")
                                          .matching(".+", "a profile name or path")}});
  s.variants["patlite"] = join({tcp_keys(502),
                                {k::integer("unit_id", 1, "Modbus unit id.").between(0, 255),
                                 k::integer("red_tier", 1, "LED tier (1-5) that shows red.").between(1, 5),
                                 k::integer("amber_tier", 2, "LED tier that shows amber.").between(1, 5),
                                 k::integer("green_tier", 3, "LED tier that shows green.").between(1, 5),
                                 k::integer("buzzer_pattern", 1, "Buzzer pattern 1-3 for errors; 0: never buzz.").between(0, 3),
                                 k::time_span("buzz_duration", 1500ms, "How long the error buzzer sounds.").between(0ms, 1min)}});
  s.variants["modbus-relay"] = join({modbus_keys(), serial_port_keys(),
                                     {k::integer("red_coil", 0, "Coil (0-based) of the red lamp; -1: none.").between(-1, 255),
                                      k::integer("amber_coil", 1, "Coil of the amber lamp; -1: none.").between(-1, 255),
                                      k::integer("green_coil", 2, "Coil of the green lamp; -1: none.").between(-1, 255),
                                      k::integer("buzzer_coil", 3, "Coil of the buzzer; -1: none.").between(-1, 255),
                                      k::time_span("buzz_duration", 1500ms, "How long the error buzzer sounds.")
                                          .between(0ms, 1min)}});
  const auto printer_keys = std::vector<key_spec>{
      k::time_span("status_interval", 500ms, "How often the printer's status (~HS) is asked for while idle.")
          .between(50ms, 1min)};
  s.variants["zpl-tcp"] = join({tcp_keys(9100), printer_keys});
  s.variants["zpl-serial"] = join({serial_port_keys(), printer_keys});
  s.validate = check_device;
  return s;
}

} // namespace stationd::config
