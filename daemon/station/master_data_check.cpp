#include "station/master_data_check.hpp"

#include "config/config_value.hpp"
#include "sync/curve_keys.hpp"
#include "workflow/master_data.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace stationd::station {

config::config_errors check_master_data(const config::station_config& config) {
  config::config_errors errors;
  if (config.workflow.master_data.empty()) return errors;
  const auto& section = config.tree.section("workflow");
  const auto& entry = section.entry("master_data");
  const auto fail = [&](std::string problem) {
    errors.push_back({entry.where, "workflow.master_data", config::render(entry.value), std::move(problem)});
  };
  std::ifstream in(config.workflow.master_data, std::ios::binary);
  if (!in) {
    fail(fmt::format("cannot read {}", config.workflow.master_data.string()));
    return errors;
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    workflow::parse_master_data(text.str());
  } catch (const std::exception& e) {
    fail(fmt::format("{}: {}", config.workflow.master_data.string(), e.what()));
  }
  return errors;
}

config::config_errors check_central_keys(const config::station_config& config) {
  config::config_errors errors;
  if (!config.central || config.central->insecure) return errors;
  try {
    sync::load_keys(config.central->key_directory);
  } catch (const std::exception& e) {
    const auto& entry = config.tree.section("central").entry("endpoint");
    errors.push_back({entry.where, "central", "", fmt::format("the station's key pair: {}", e.what())});
  }
  return errors;
}

} // namespace stationd::station
