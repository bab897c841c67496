#pragma once

#include "core/command_queue.hpp"
#include "core/device_driver.hpp"
#include "core/driver_context.hpp"

#include "protocol/settling.hpp"

#include <boost/asio/awaitable.hpp>

namespace stationd::drivers {

// A scale reports readings (through driver_context::on_reading) and takes the
// operator's zero and tare. Commands reach the device between polls, through
// the driver's command queue, so they never interleave with a poll.
class scale_driver : public device_driver {
public:
  virtual boost::asio::awaitable<void> zero() = 0;
  virtual boost::asio::awaitable<void> tare() = 0;
  virtual boost::asio::awaitable<void> clear_tare() = 0;
};

struct scale_timing {
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds io_timeout{1000};
  // Zero and tare wait for the scale to be stable first; they get this much longer.
  std::chrono::milliseconds command_timeout{6000};

  static scale_timing from(const config::device_config& device);
};

settling_rule settling_from(const config::config_section& device);

// Failed polls in a row after which the link is treated as lost: one garbled
// reply is reported and polling goes on; a scale that only sends garbage is reconnected.
inline constexpr int max_bad_replies_in_a_row = 3;

// Counts polls whose reading carries an error; throws device_error (naming the
// last error) once there were max_bad_replies_in_a_row of them in a row.
class reply_health {
public:
  void note(const scale_reading& reading);

private:
  int bad_in_a_row_ = 0;
};

} // namespace stationd::drivers
