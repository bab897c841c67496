#pragma once

// devsim's devices behind one interface: each kind starts a simulator and executes the
// commands of the shared grammar (sim/command_line.hpp) against it. Used by devsim's
// main() and, in-process, by the tests.

#include "sim/command_line.hpp"
#include "sim/scan_format.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::devsim {

// A command that cannot run: unknown, wrong arguments, not for this device.
class command_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct device_settings {
  std::string kind; // scanner, tcp-scanner, mt-sics, toledo-8213, modbus-scale, modbus-light, zpl-printer
  std::filesystem::path link;  // pty kinds; zpl-printer: optional serial side
  std::uint16_t port = 0;      // TCP kinds (0: a free port)
  std::string address = "127.0.0.1";

  // Scanners
  bool aim_ids = true;
  sim::terminator suffix = sim::terminator::cr;
  std::chrono::milliseconds char_delay{};
  std::string greeting;

  // Scales
  std::string unit;  // empty: the kind's default (kg; lb for the 8213)
  int decimals = -1; // -1: the kind's default (3; 2 for the 8213)
  std::string serial_number = "0123456789";
  std::chrono::milliseconds stability_timeout{3000};
  std::chrono::milliseconds repeat_interval{250};
  bool grams = false;
  bool parity = false;

  // Modbus
  std::string map;                // modbus-scale: dini-dgt4x, …; modbus-light: patlite-la6, relay
  std::string transport = "tcp";  // tcp or rtu
  std::uint8_t rtu_address = 1;
  bool toggle = false;            // relay: honour the vendor 0x5500 toggle value

  // ZPL printer
  std::chrono::milliseconds label_time{20}; // per printed label
  bool silent_in_error = true;              // no ~HS reply in media/ribbon out, head open

  // Receives one line per event (traffic, requests) when set: --verbose.
  std::function<void(const std::string&)> log;
};

class device_commands {
public:
  virtual ~device_commands() = default;

  virtual void start() = 0;
  virtual void stop() = 0;
  // Where the daemon finds the device: the link path or "host:port".
  virtual std::string where() const = 0;
  // Runs one command; returns text to print (may be empty). Throws command_error.
  // help, status, wait and quit are handled by the runner, not here.
  virtual std::string execute(const sim::command& cmd) = 0;
  // One line describing the current state, for `status`.
  virtual std::string status() = 0;
};

std::unique_ptr<device_commands> make_device(const device_settings& settings); // throws command_error
std::vector<std::string_view> device_kinds();
// The command reference printed by `help` and devsim --help.
std::string command_help();

} // namespace stationd::devsim
