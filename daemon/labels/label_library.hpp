#pragma once

#include "config/config_error.hpp"
#include "labels/label_template.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace stationd::labels {

// Every template in a directory (<name>.zpl), parsed and checked.
struct library {
  std::map<std::string, label_template, std::less<>> templates;
  config::config_errors errors; // FILE:LINE:COL per broken template

  const label_template* find(std::string_view name) const;
};

library load_library(const std::filesystem::path& directory);

} // namespace stationd::labels
