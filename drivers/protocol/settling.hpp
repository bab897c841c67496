#pragma once

// A software settling rule on top of the scale's own stable flag: a weight is
// settled only when the scale says stable AND every reading in the last `window`
// lies within `tolerance` of each other AND the readings cover the whole window.
// A reading in motion, over/underload, a unit change or a gap in readings longer
// than the window starts over. Pure: time is passed in.

#include <chrono>
#include <deque>
#include <optional>
#include <string>

namespace stationd::drivers {

struct settling_rule {
  std::chrono::milliseconds window{500};
  double tolerance = 0.0; // in the reading's unit; 0: all readings equal
};

class settling_filter {
public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit settling_filter(settling_rule rule) : rule_{rule} {}

  // Adds a reading; returns true when the weight is settled now. A reading with
  // no weight (over/underload) has no value to add: call reset() for it. A
  // non-finite value, or time going backwards, starts over like motion.
  bool add(time_point at, double value, const std::string& unit, bool device_stable);
  // Forget everything (disconnect, zero, tare, over/underload).
  void reset();
  const settling_rule& rule() const noexcept { return rule_; }

private:
  struct sample {
    time_point at;
    double value;
  };
  settling_rule rule_;
  std::deque<sample> samples_;
  std::string unit_;
};

} // namespace stationd::drivers
