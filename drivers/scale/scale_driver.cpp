#include "scale/scale_driver.hpp"

namespace stationd::drivers {

scale_timing scale_timing::from(const config::device_config& device) {
  scale_timing t;
  t.poll_interval = device.settings.get_duration("poll_interval");
  t.io_timeout = device.io_timeout;
  t.command_timeout = device.io_timeout + std::chrono::seconds{5};
  return t;
}

settling_rule settling_from(const config::config_section& device) {
  return {device.get_duration("settle_window"), device.get_float("settle_tolerance")};
}

} // namespace stationd::drivers
