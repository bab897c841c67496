#pragma once

#include "config/config_schema.hpp"

#include <cstddef>
#include <cstdint>

namespace stationd::config {

// The one table of every key stationd accepts, with its type, default, limits and
// help text. Documented key by key in config/station.example.toml and
// docs/configuration.md; a test keeps the three in step.
section_spec station_schema();

// The largest SSCC serial reference that fits beside an extension digit and a
// company prefix of `prefix_length` digits (17 data digits in all).
std::int64_t sscc_serial_capacity(std::size_t prefix_length);

} // namespace stationd::config
