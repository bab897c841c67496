#pragma once

#include "config/station_config.hpp"
#include "log/logger.hpp"
#include "scan/scan_framer.hpp"

#include "protocol/decimal_weight.hpp"
#include "printer/printer_driver.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace stationd::drivers {

// One weight report from a scale driver, before the station's settling rule.
struct scale_reading {
  std::optional<decimal_weight> weight; // nullopt: no valid weight (overload, underload, error)
  std::string unit;
  bool stable = false;    // the scale's own stable flag
  bool overload = false;
  bool underload = false;
  std::string error;      // the scale refused or reported a fault; weight is nullopt
};

// Everything a driver is given when it is made.
struct driver_context {
  boost::asio::any_io_executor executor;
  log::logger& log;
  const config::device_config& device;
  std::filesystem::path config_directory;      // where config/scales/ profiles are looked up
  std::function<void(scan::frame)> on_frame;   // scanners: each framed scan (or framing error)
  std::function<void(scale_reading)> on_reading; // scales: each reading
  std::function<void(printer_status)> on_printer_status = {}; // printers: each status poll
};

} // namespace stationd::drivers
