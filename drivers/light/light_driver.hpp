#pragma once

#include "core/device_driver.hpp"
#include "core/driver_context.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace stationd::drivers {

enum class lamp { off, on, flash };

// What a signal tower shows: three lamps and the buzzer.
struct light_pattern {
  lamp red = lamp::off;
  lamp amber = lamp::off;
  lamp green = lamp::off;
  bool buzzer = false;
  friend bool operator==(const light_pattern&, const light_pattern&) = default;
};

std::string to_string(const light_pattern& p); // "red=on amber=off green=flash buzzer=off"

// A signal tower or relay module. show() only records the wanted pattern: the
// driver's own run loop writes it (and configure() after a reconnect), so only
// the supervised coroutine ever touches the device, and a tower that was
// unplugged shows the right thing again when it returns.
class light_driver : public device_driver {
public:
  virtual void show(light_pattern pattern) = 0;
};

} // namespace stationd::drivers
