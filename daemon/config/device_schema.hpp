#pragma once

#include "config/config_schema.hpp"

namespace stationd::config {

// [[device]]: the keys every device has, and per driver (the `driver` key) the
// keys that driver accepts. Part of the one table of keys (station_schema()).
section_spec device_section();

} // namespace stationd::config
