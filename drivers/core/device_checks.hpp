#pragma once

#include "config/config_error.hpp"
#include "config/station_config.hpp"

namespace stationd::drivers {

// What the schema alone cannot check about [[device]] entries: that each
// Modbus profile exists and is valid. Used by `stationd -t` and at start-up.
config::config_errors check_devices(const config::station_config& config);

} // namespace stationd::drivers
