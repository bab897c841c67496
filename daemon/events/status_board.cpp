#include "events/status_board.hpp"

#include <vector>

namespace stationd::events {

bool status_board::set(std::string_view name, boost::json::value value) {
  auto it = values_.find(name);
  if (it != values_.end() && it->second == value) return false;
  if (it == values_.end()) it = values_.emplace(std::string{name}, nullptr).first;
  it->second = value;
  hub_.publish("variable", {{"name", name}, {"value", std::move(value)}});
  return true;
}

void status_board::erase(std::string_view name) {
  const auto it = values_.find(name);
  if (it == values_.end()) return;
  values_.erase(it);
  hub_.publish("variable", {{"name", name}, {"value", nullptr}});
}

void status_board::erase_prefix(std::string_view prefix) {
  std::vector<std::string> names;
  for (auto it = values_.lower_bound(prefix); it != values_.end() && it->first.starts_with(prefix); ++it) {
    names.push_back(it->first);
  }
  for (const auto& n : names) erase(n);
}

const boost::json::value* status_board::find(std::string_view name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

boost::json::object status_board::snapshot() const { return snapshot(""); }

boost::json::object status_board::snapshot(std::string_view prefix) const {
  boost::json::object out;
  for (auto it = values_.lower_bound(prefix); it != values_.end() && it->first.starts_with(prefix); ++it) {
    out[it->first] = it->second;
  }
  return out;
}

} // namespace stationd::events
