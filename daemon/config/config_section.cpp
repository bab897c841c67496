#include "config/config_section.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace stationd::config {

config_section::config_section(std::string path, source_position where)
    : path_{std::move(path)}, where_{std::move(where)} {}

const config_entry& config_section::entry(std::string_view key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) throw std::logic_error(fmt::format("config key {} is not in the schema", key_path(key)));
  return it->second;
}

template <typename T> const T& config_section::typed(std::string_view key) const {
  const auto& e = entry(key);
  if (const auto* v = std::get_if<T>(&e.value)) return *v;
  throw std::logic_error(fmt::format("config key {} is {}, not the type asked for", key_path(key),
                                     to_string(kind_of(e.value))));
}

bool config_section::get_bool(std::string_view key) const { return typed<bool>(key); }
std::int64_t config_section::get_int(std::string_view key) const { return typed<std::int64_t>(key); }
double config_section::get_float(std::string_view key) const { return typed<double>(key); }
const std::string& config_section::get_string(std::string_view key) const { return typed<std::string>(key); }
duration config_section::get_duration(std::string_view key) const { return typed<duration>(key); }
const std::vector<std::string>& config_section::get_strings(std::string_view key) const {
  return typed<std::vector<std::string>>(key);
}

std::string config_section::key_path(std::string_view key) const {
  return path_.empty() ? std::string{key} : fmt::format("{}.{}", path_, key);
}

const config_section& config_section::section(std::string_view name) const {
  if (const auto* s = find_section(name)) return *s;
  throw std::logic_error(fmt::format("config section {} is not present", key_path(name)));
}

const config_section* config_section::find_section(std::string_view name) const {
  const auto it = sections_.find(name);
  if (it == sections_.end() || it->second.size() != 1) return nullptr;
  return &it->second.front();
}

std::span<const config_section> config_section::entries(std::string_view name) const {
  const auto it = sections_.find(name);
  if (it == sections_.end()) throw std::logic_error(fmt::format("config section {} is not in the schema", key_path(name)));
  return it->second;
}

void config_section::for_each(const std::function<void(const std::string&, const config_entry&)>& visit) const {
  for (const auto& [key, e] : values_) visit(key_path(key), e);
  for (const auto& [name, list] : sections_) {
    for (const auto& s : list) s.for_each(visit);
  }
}

void config_section::set(std::string key, config_entry e) { values_.insert_or_assign(std::move(key), std::move(e)); }

void config_section::add_section(std::string name, config_section section) {
  sections_[std::move(name)].push_back(std::move(section));
}

void config_section::declare_repeated(std::string name) { sections_.try_emplace(std::move(name)); }

std::vector<std::string> restart_required_changes(const config_section& before, const config_section& after) {
  std::map<std::string, const config_entry*> old_values;
  before.for_each([&](const std::string& key, const config_entry& e) { old_values.emplace(key, &e); });
  std::vector<std::string> changed;
  after.for_each([&](const std::string& key, const config_entry& e) {
    const auto it = old_values.find(key);
    const bool existed = it != old_values.end();
    if (e.restart_required && (!existed || it->second->value != e.value)) changed.push_back(key);
    if (existed) old_values.erase(it);
  });
  // Keys that disappeared with their section (an [[device]] removed, say).
  for (const auto& [key, e] : old_values) {
    if (e->restart_required) changed.push_back(key);
  }
  return changed;
}

} // namespace stationd::config
