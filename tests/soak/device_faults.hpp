#pragma once
// Device trouble during a soak, from its own thread: every few seconds one of
// the printer's connection dropped (a label in flight may be in doubt), the
// printer out of paper for a moment (its queue held), or the scale unplugged
// for a moment (no weight while it is away). On top of the kills.

#include "background_loop.hpp"

#include "sim/mtsics_scale.hpp"
#include "sim/zpl_printer.hpp"

#include <atomic>
#include <chrono>
#include <random>

namespace stationd::soak {

class device_faults {
public:
  device_faults(sim::mtsics_scale& scale, sim::zpl_printer& printer, std::chrono::milliseconds min_gap,
                std::chrono::milliseconds max_gap, std::uint64_t seed);
  device_faults(const device_faults&) = delete;
  device_faults& operator=(const device_faults&) = delete;

  void start();
  // Ends the fault in progress, if any, and stops.
  void stop();
  int printer_drops() const noexcept { return drops_; }
  int paper_outs() const noexcept { return paper_outs_; }
  int scale_unplugs() const noexcept { return unplugs_; }

private:
  void run();

  sim::mtsics_scale& scale_;
  sim::zpl_printer& printer_;
  std::chrono::milliseconds min_gap_, max_gap_;
  std::mt19937_64 random_;
  std::atomic<int> drops_{0}, paper_outs_{0}, unplugs_{0};
  background_loop loop_;
};

} // namespace stationd::soak
