#pragma once

// Command handling shared by several device kinds.

#include "devsim/device_commands.hpp"
#include "sim/modbus_slave.hpp"
#include "sim/scale_model.hpp"
#include "sim/serial_device.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace stationd::devsim {

// Argument helpers; all throw command_error with a usable message.
void expect_args(const sim::command& cmd, std::size_t min, std::size_t max, std::string_view usage);
std::int64_t to_integer(const std::string& text, std::int64_t min, std::int64_t max, std::string_view what);
std::chrono::milliseconds to_ms(const std::string& text);
bool to_switch(const std::string& text); // on/off, yes/no, 1/0, true/false
std::string yes_no(bool value);

// Each returns true when it knew the command.
bool run_serial_fault(sim::serial_device& device, const sim::command& cmd, std::string& output);
bool run_scale(sim::weighing_controls& scale, const sim::command& cmd, std::string& output);
bool run_modbus_fault(sim::modbus_slave& slave, const sim::command& cmd, std::string& output);

std::string describe(const sim::scale_model& model);
// Logs serial traffic as "<- 53 49 0d 0a  SI\r\n" through settings.log.
sim::traffic_observer traffic_logger(const device_settings& settings);
void log_modbus_requests(sim::modbus_slave& slave, const device_settings& settings);

// Runs a modbus_slave on the transport the settings ask for.
class modbus_transport {
public:
  modbus_transport(sim::modbus_slave& slave, const device_settings& settings);
  ~modbus_transport();
  void start();
  void stop();
  std::string where() const;
  // stop/start/drop (TCP), unplug/replug/garbage (RTU) and the serial faults of RTU.
  bool run(const sim::command& cmd, std::string& output);
  std::string status();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace stationd::devsim
