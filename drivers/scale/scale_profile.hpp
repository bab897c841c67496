#pragma once

#include "config/config_error.hpp"
#include "protocol/modbus_values.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stationd::drivers {

struct profile_result {
  std::optional<modbus::scale_profile> profile;
  config::config_errors errors; // FILE:LINE:COL errors, or one "not found" error
};

// Loads a Modbus weight-indicator profile by name (<dir>/scales/<name>.toml for
// each search directory, in order) or by path (a name with a '/').
profile_result load_scale_profile(const std::string& name_or_path, const std::vector<std::filesystem::path>& search);

// The directories profiles are looked up in for a configuration file in `config_directory`.
std::vector<std::filesystem::path> profile_search_path(const std::filesystem::path& config_directory);

} // namespace stationd::drivers
