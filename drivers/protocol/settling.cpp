#include "protocol/settling.hpp"

#include <algorithm>
#include <cmath>

namespace stationd::drivers {

namespace {

// Readings are decimals converted to double: 0.258 - 0.256 is a hair above
// 0.002. A relative slack far below any scale's resolution keeps such a
// difference "within" a tolerance of 0.002.
bool within(double low, double high, double tolerance) noexcept {
  const double slack = 1e-9 * std::max({1.0, std::abs(low), std::abs(high)});
  return high - low <= tolerance + slack;
}

} // namespace

bool settling_filter::add(time_point at, double value, const std::string& unit, bool device_stable) {
  const bool starts_over = !device_stable || !std::isfinite(value) || unit != unit_ ||
                           (!samples_.empty() && (at < samples_.back().at || at - samples_.back().at > rule_.window));
  if (starts_over) {
    samples_.clear();
    unit_ = unit;
  }
  if (!device_stable || !std::isfinite(value)) {
    // An unstable reading never counts towards the window.
    return false;
  }
  samples_.push_back(sample{at, value});
  // Keep the newest reading at or before the window's start: its value holds
  // from then on, so it is what shows the window is covered.
  const time_point window_start = at - rule_.window;
  while (samples_.size() >= 2 && samples_[1].at <= window_start) {
    samples_.pop_front();
  }
  if (samples_.front().at > window_start) {
    return false;
  }
  const auto [low, high] = std::minmax_element(samples_.begin(), samples_.end(),
                                               [](const sample& a, const sample& b) { return a.value < b.value; });
  return within(low->value, high->value, rule_.tolerance);
}

void settling_filter::reset() {
  samples_.clear();
  unit_.clear();
}

} // namespace stationd::drivers
