#pragma once
// Kills a process with SIGKILL at random moments (a uniform pause between
// `min_gap` and `max_gap`, so kills land in every phase: starting, reading
// state back, mid-commit, mid-print, mid-sync) and starts it again after a
// short random outage (up to `max_outage`), from its own thread.

#include "background_loop.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <random>

namespace stationd::soak {

class crash_driver {
public:
  crash_driver(std::function<void()> kill, std::function<void()> start, std::chrono::milliseconds min_gap,
               std::chrono::milliseconds max_gap, std::chrono::milliseconds max_outage, std::uint64_t seed);
  crash_driver(const crash_driver&) = delete;
  crash_driver& operator=(const crash_driver&) = delete;

  void start();
  // Stops killing; the process is left running.
  void stop();
  int kills() const noexcept { return kills_; }

private:
  void run();

  std::function<void()> kill_, start_;
  std::chrono::milliseconds min_gap_, max_gap_, max_outage_;
  std::mt19937_64 random_;
  std::atomic<int> kills_{0};
  background_loop loop_;
};

} // namespace stationd::soak
