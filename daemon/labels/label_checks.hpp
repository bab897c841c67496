#pragma once

#include "config/config_error.hpp"
#include "config/station_config.hpp"
#include "labels/label_library.hpp"

namespace stationd::labels {

// What the schema cannot check about [labels]: that the template directory
// exists (when a printer is configured or the file names the directory), that every template in it parses, and that a built-in label's
// template uses only the fields the station fills. Used by `stationd -t`, at
// start-up and on reload.
config::config_errors check_labels(const config::station_config& config);

// The same checks on a library already loaded from config.labels.directory.
config::config_errors check_library(const config::station_config& config, const library& lib);

} // namespace stationd::labels
