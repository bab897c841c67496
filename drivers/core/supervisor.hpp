#pragma once

#include "core/device_driver.hpp"
#include "log/logger.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace stationd::drivers {

// What a device is doing, as published in <name>.driver.* variables.
struct device_status {
  std::string state = "stopped"; // connecting, identifying, configuring, online, offline, disabled, stopped
  std::string identity;          // from identify(), while online
  std::string error;             // why it went offline, while offline
  std::string address;           // where it is
  std::uint64_t reconnects = 0;  // connection attempts after the first
  std::chrono::milliseconds retry_in{0}; // while offline: the wait before the next attempt
};

class device_observer {
public:
  virtual ~device_observer() = default;
  virtual void on_status(const std::string& device, const device_status& status) = 0;
};

struct reconnect_policy {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{30000};
};

// One coroutine per device: open -> identify -> configure -> run; on any failure
// close, report offline (so the device's data is marked stale at once) and try
// again after a wait that doubles from `initial` up to `max`. The wait starts
// over once the device stayed online for `max`. Returns only when cancelled.
class device_supervisor {
public:
  device_supervisor(std::string name, std::unique_ptr<device_driver> driver, reconnect_policy policy,
                    std::chrono::milliseconds step_timeout, device_observer& observer, log::logger& log);

  boost::asio::awaitable<void> run();
  const device_status& status() const noexcept { return status_; }
  const std::string& name() const noexcept { return name_; }

private:
  void publish();

  std::string name_;
  std::unique_ptr<device_driver> driver_;
  reconnect_policy policy_;
  std::chrono::milliseconds step_timeout_;
  device_observer& observer_;
  log::logger& log_;
  device_status status_;
};

} // namespace stationd::drivers
