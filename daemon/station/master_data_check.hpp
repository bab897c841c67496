#pragma once

#include "config/config_error.hpp"
#include "config/station_config.hpp"

namespace stationd::station {

// `[workflow] master_data`: the file must exist and hold valid master data
// (docs/master-data.md). The error points at the key and names the bad value's path.
config::config_errors check_master_data(const config::station_config& config);

// [central]: the station's CURVE key pair must be readable (stationctl keygen), unless insecure.
config::config_errors check_central_keys(const config::station_config& config);

} // namespace stationd::station
