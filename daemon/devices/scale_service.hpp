#pragma once

#include "core/driver_context.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "log/logger.hpp"
#include "protocol/settling.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace stationd::devices {

// A weight the station may act on: settled, from a connected scale.
struct stable_weight {
  drivers::decimal_weight value;
  std::string unit;
};

// What the station knows about each scale, published as <name>.weight,
// <name>.unit, <name>.stable, <name>.state, <name>.error:
//   state   offline | stale | error | overload | underload | motion | stable
//   weight  the weight as a decimal string, or null whenever it must not be
//           used (offline, stale, error, overload, underload)
//   stable  true only when the scale says stable AND the settling rule holds
// A disconnected or silent scale never shows a weight. Used from the io thread only.
class scale_service {
public:
  using clock_type = std::chrono::steady_clock;

  scale_service(events::status_board& board, events::event_hub& hub, log::logger& log);

  // Called once each time a scale settles on a weight (the workflows weigh
  // with it); not again until the weight moves or changes.
  using settled_listener = std::function<void(const std::string& scale, const stable_weight& weight)>;
  void set_settled_listener(settled_listener l) { settled_listener_ = std::move(l); }

  // (Re)declares a scale with its settling rule and the silence after which its
  // last reading is stale.
  void add(const std::string& scale, drivers::settling_rule rule, std::chrono::milliseconds stale_after);
  void remove(const std::string& scale);

  void on_reading(const std::string& scale, const drivers::scale_reading& reading, clock_type::time_point at);
  void on_offline(const std::string& scale, const std::string& reason);
  // Zero or tare is under way: the weight so far is history. No weight, not
  // stable, until readings settle again.
  void reset(const std::string& scale);
  // Marks scales stale whose last reading is older than their limit.
  void check_staleness(clock_type::time_point now);

  // The settled weight of `scale`, or nullopt (unknown scale, motion, stale, ...).
  std::optional<stable_weight> current(const std::string& scale) const;
  bool has(const std::string& scale) const { return scales_.count(scale) != 0; }

private:
  struct state {
    drivers::settling_filter filter;
    std::chrono::milliseconds stale_after;
    clock_type::time_point last_reading{};
    std::string state_name = "offline";
    std::optional<stable_weight> settled;
  };
  void publish(const std::string& scale, state& s, const std::optional<drivers::decimal_weight>& weight,
               const std::string& unit, bool stable, std::string state_name, const std::string& error);

  events::status_board& board_;
  events::event_hub& hub_;
  log::logger& log_;
  std::map<std::string, state, std::less<>> scales_;
  settled_listener settled_listener_;
};

} // namespace stationd::devices
