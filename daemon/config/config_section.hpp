#pragma once

#include "config/config_error.hpp"
#include "config/config_value.hpp"

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::config {

struct config_entry {
  config_value value;
  source_position where;  // where the file set it; the section's position for defaults
  bool from_file = false; // false: the schema default
  bool restart_required = false;
};

// A validated table: every key of its schema is present (from the file or the
// default), with the right type. Typed getters throw std::logic_error for a key
// the schema does not define or a type it does not have; that is a programming
// error, never a configuration error.
class config_section {
public:
  config_section() = default;
  config_section(std::string path, source_position where);

  const std::string& path() const noexcept { return path_; }
  const source_position& where() const noexcept { return where_; }

  bool get_bool(std::string_view key) const;
  std::int64_t get_int(std::string_view key) const;
  double get_float(std::string_view key) const;
  const std::string& get_string(std::string_view key) const;
  duration get_duration(std::string_view key) const;
  const std::vector<std::string>& get_strings(std::string_view key) const;

  const config_entry& entry(std::string_view key) const;
  bool set_in_file(std::string_view key) const { return entry(key).from_file; }
  std::string key_path(std::string_view key) const;

  // A section with presence::always.
  const config_section& section(std::string_view name) const;
  // A section with presence::optional; nullptr when the file does not have it.
  const config_section* find_section(std::string_view name) const;
  // The entries of a presence::repeated section, in file order.
  std::span<const config_section> entries(std::string_view name) const;

  // Visits every value in this section and below, with its full dotted key.
  void for_each(const std::function<void(const std::string& key, const config_entry&)>& visit) const;

  // Used by the loader while building the tree.
  void set(std::string key, config_entry entry);
  void add_section(std::string name, config_section section);
  void declare_repeated(std::string name);

private:
  template <typename T> const T& typed(std::string_view key) const;

  std::string path_;
  source_position where_;
  std::map<std::string, config_entry, std::less<>> values_;
  std::map<std::string, std::vector<config_section>, std::less<>> sections_;
};

// Keys whose values differ between two trees and need a restart to take effect.
std::vector<std::string> restart_required_changes(const config_section& before, const config_section& after);

} // namespace stationd::config
