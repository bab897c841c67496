#pragma once

#include "events/event_hub.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>

namespace stationd::events {

// The station's state as flat dotted names ("scale.weight", "journal.state"),
// documented in docs/variables.md. A change is published as a "variable" event.
// Used from the io thread only.
class status_board {
public:
  explicit status_board(event_hub& hub) : hub_{hub} {}

  // Returns true when the value changed (and was published).
  bool set(std::string_view name, boost::json::value value);
  bool set(std::string_view name, const std::string& text) { return set(name, boost::json::value(text)); }
  void erase(std::string_view name);
  // Removes every name starting with `prefix` ("scale-1.").
  void erase_prefix(std::string_view prefix);
  const boost::json::value* find(std::string_view name) const;
  boost::json::object snapshot() const;
  // Every name starting with `prefix` (e.g. "scale-1.").
  boost::json::object snapshot(std::string_view prefix) const;

private:
  event_hub& hub_;
  std::map<std::string, boost::json::value, std::less<>> values_;
};

} // namespace stationd::events
