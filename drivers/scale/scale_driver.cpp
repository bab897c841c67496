#include "scale/scale_driver.hpp"

#include <fmt/format.h>

namespace stationd::drivers {

scale_timing scale_timing::from(const config::device_config& device) {
  scale_timing t;
  t.poll_interval = device.settings.get_duration("poll_interval");
  t.io_timeout = device.io_timeout;
  t.command_timeout = device.io_timeout + std::chrono::seconds{5};
  return t;
}

void reply_health::note(const scale_reading& reading) {
  if (reading.error.empty()) {
    bad_in_a_row_ = 0;
    return;
  }
  if (++bad_in_a_row_ >= max_bad_replies_in_a_row) {
    throw device_error(fmt::format("{} unusable replies in a row; the last: {}", bad_in_a_row_, reading.error));
  }
}

settling_rule settling_from(const config::config_section& device) {
  return {device.get_duration("settle_window"), device.get_float("settle_tolerance")};
}

} // namespace stationd::drivers
