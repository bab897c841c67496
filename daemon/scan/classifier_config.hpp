#pragma once

#include "config/station_config.hpp"
#include "scan/scan_classifier.hpp"

namespace stationd::scan {

// The classifier rules of a station's [scan] configuration section. The
// patterns were checked when the configuration was loaded.
classifier_rules make_rules(const config::scan_settings& settings);

} // namespace stationd::scan
