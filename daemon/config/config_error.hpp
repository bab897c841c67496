#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stationd::config {

struct source_position {
  std::string file;
  std::uint32_t line = 0;   // 1-based; 0 when unknown
  std::uint32_t column = 0; // 1-based; 0 when unknown
};

// One problem found in a configuration file. Rendered as
//   FILE:LINE:COL: KEY = VALUE: PROBLEM
// with " = VALUE" left out when the key has no value (a missing key).
struct config_error {
  source_position where;
  std::string key;   // dotted path, e.g. "journal.group_commit_max_rows" or "device[2].port"
  std::string value; // TOML rendering of the offending value; empty if none
  std::string problem;

  std::string to_string() const;
};

using config_errors = std::vector<config_error>;

std::string to_string(const source_position& where);

} // namespace stationd::config
