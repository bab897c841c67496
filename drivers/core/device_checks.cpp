#include "core/device_checks.hpp"

#include "scale/scale_profile.hpp"

#include <fmt/format.h>

namespace stationd::drivers {

config::config_errors check_devices(const config::station_config& config) {
  config::config_errors errors;
  for (const auto& d : config.devices) {
    if (d.driver != "modbus-scale") continue;
    const auto& name = d.settings.get_string("profile");
    const auto loaded = load_scale_profile(name, profile_search_path(config.config_directory));
    if (loaded.profile) continue;
    const auto& e = d.settings.entry("profile");
    for (const auto& problem : loaded.errors) {
      // A problem inside the profile file keeps its own FILE:LINE:COL; "not found" has none.
      errors.push_back({e.where, d.settings.key_path("profile"), config::render(e.value),
                        problem.where.line == 0 ? problem.problem : problem.to_string()});
    }
  }
  return errors;
}

} // namespace stationd::drivers
