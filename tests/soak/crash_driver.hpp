#pragma once
// Kills stationd with SIGKILL at random moments (a uniform pause between
// `min_gap` and `max_gap`, so kills land in every phase: starting, reading
// state back, mid-commit, mid-print, mid-sync) and starts it again after a
// short random outage, from its own thread.

#include "background_loop.hpp"
#include "soak_station.hpp"

#include <atomic>
#include <chrono>
#include <random>

namespace stationd::soak {

class crash_driver {
public:
  crash_driver(soak_station& station, std::chrono::milliseconds min_gap, std::chrono::milliseconds max_gap,
               std::uint64_t seed);
  crash_driver(const crash_driver&) = delete;
  crash_driver& operator=(const crash_driver&) = delete;

  void start();
  // Stops killing; the station is left running.
  void stop();
  int kills() const noexcept { return kills_; }

private:
  void run();

  soak_station& station_;
  std::chrono::milliseconds min_gap_, max_gap_;
  std::mt19937_64 random_;
  std::atomic<int> kills_{0};
  background_loop loop_;
};

} // namespace stationd::soak
