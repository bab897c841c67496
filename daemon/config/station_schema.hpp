#pragma once

#include "config/config_schema.hpp"

namespace stationd::config {

// The one table of every key stationd accepts, with its type, default, limits and
// help text. Documented key by key in config/station.example.toml and
// docs/configuration.md; a test keeps the three in step.
section_spec station_schema();

} // namespace stationd::config
