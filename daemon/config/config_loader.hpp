#pragma once

#include "config/config_error.hpp"
#include "config/config_schema.hpp"
#include "config/config_section.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace stationd::config {

struct load_result {
  std::optional<config_section> root; // set only when `errors` is empty
  config_errors errors;               // every problem found, in file order
};

// Reads a TOML file and validates it against `schema`: unknown keys, wrong types,
// values out of range and missing required keys are all reported, not just the first.
load_result load_file(const std::filesystem::path& file, const section_spec& schema);

// Same for text already in memory; `file_name` is used in error positions.
load_result load_text(std::string_view text, const std::string& file_name, const section_spec& schema);

} // namespace stationd::config
