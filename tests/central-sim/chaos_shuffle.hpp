#pragma once

#include "central_service.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace stationd::central {

// The --chaos test hook on the receiving side: every EVENTS frame is handed
// on twice, and every other pair of EVENTS frames in reverse order, so that a
// test sees central's rule hold for duplicates and reordering that a single
// ZeroMQ connection never produces by itself. Other messages pass untouched.
class chaos_shuffle {
public:
  using clock = std::chrono::steady_clock;
  // A held frame waits this long for the second of its pair, then goes alone.
  static constexpr std::chrono::milliseconds max_hold{50};

  std::vector<inbound> push(inbound in, clock::time_point now);
  std::vector<inbound> due(clock::time_point now);
  bool holding() const noexcept { return held_.has_value(); }

private:
  static void twice(std::vector<inbound>& out, const inbound& in);

  std::optional<inbound> held_;
  clock::time_point held_since_{};
  std::uint64_t frames_ = 0; // EVENTS frames seen; pairs are (0,1), (2,3), ...
};

} // namespace stationd::central
