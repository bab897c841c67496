#pragma once

#include "config/config_value.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stationd::config {

// Returns a problem description, or nullopt when the value is acceptable.
using value_check = std::function<std::optional<std::string>(const config_value&)>;

// What one key accepts. A key without a default is required. Schemas are plain
// tables built with the chainable helpers below, e.g.
//   key_spec::integer("group_commit_max_rows", 1000, "...").between(1, 100000)
struct key_spec {
  std::string name;
  value_kind kind = value_kind::string;
  std::optional<config_value> default_value; // nullopt: the key is required
  std::string help;
  std::vector<value_check> checks;
  bool restart_required = false; // a reload that changes it is refused
  bool unique = false;           // in repeated sections: no two entries share the value
  bool hidden = false;           // a secret: errors show "(hidden)", never the value

  static key_spec boolean(std::string name, bool def, std::string help);
  static key_spec integer(std::string name, std::int64_t def, std::string help);
  static key_spec floating(std::string name, double def, std::string help);
  static key_spec string(std::string name, std::string def, std::string help);
  static key_spec time_span(std::string name, duration def, std::string help);
  static key_spec strings(std::string name, std::vector<std::string> def, std::string help);
  static key_spec required(std::string name, value_kind kind, std::string help);

  key_spec&& between(std::int64_t lo, std::int64_t hi) &&;
  key_spec&& between_real(double lo, double hi) &&;
  key_spec&& between(duration lo, duration hi) &&;
  key_spec&& one_of(std::vector<std::string> choices) &&;      // strings and string lists
  key_spec&& matching(std::string regex, std::string what) &&; // strings and string lists
  key_spec&& checked(value_check check) &&;
  key_spec&& restart() &&;
  key_spec&& distinct() &&;
  key_spec&& secret() &&;

  std::optional<std::string> first_problem(const config_value& v) const;
};

// A problem found by a section's own cross-key check.
struct section_problem {
  std::string key; // the key to point at (its position and value are reported)
  std::string problem;
};

class config_section;

enum class presence {
  always,   // [name] may be omitted; its keys then take their defaults
  optional, // [name] switches a feature on; absent means off
  repeated  // [[name]] array of tables, zero or more
};

struct section_spec {
  std::string name;
  std::string help;
  presence how = presence::always;
  std::vector<key_spec> keys;
  std::vector<section_spec> sections;

  // Keys that depend on the value of another key of the same table (a device's
  // `driver` decides which settings it accepts). Empty when unused.
  std::string variant_key;
  std::map<std::string, std::vector<key_spec>, std::less<>> variants;

  // Checks that involve several keys of the table (a range's low and high ends),
  // run once every key on its own is valid.
  std::function<std::vector<section_problem>(const config_section&)> validate;

  static section_spec make(std::string name, std::string help, presence how, std::vector<key_spec> keys,
                           std::vector<section_spec> sections = {});

  const key_spec* find_key(std::string_view key) const;
  const section_spec* find_section(std::string_view section) const;
};

} // namespace stationd::config
