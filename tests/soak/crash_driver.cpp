#include "crash_driver.hpp"

namespace stationd::soak {

crash_driver::crash_driver(soak_station& station, std::chrono::milliseconds min_gap, std::chrono::milliseconds max_gap,
                           std::uint64_t seed)
    : station_{station}, min_gap_{min_gap}, max_gap_{max_gap}, random_{seed} {}

crash_driver::~crash_driver() { stop(); }

void crash_driver::start() { thread_ = std::thread{[this] { run(); }}; }

void crash_driver::stop() {
  {
    std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void crash_driver::run() {
  std::uniform_int_distribution<std::int64_t> gap(min_gap_.count(), max_gap_.count());
  std::uniform_int_distribution<std::int64_t> outage(0, 300);
  std::unique_lock lock{mutex_};
  for (;;) {
    if (wake_.wait_for(lock, std::chrono::milliseconds{gap(random_)}, [&] { return stopping_; })) return;
    station_.kill_station();
    ++kills_;
    // The power comes back after a moment (or at once).
    if (wake_.wait_for(lock, std::chrono::milliseconds{outage(random_)}, [&] { return stopping_; })) {
      station_.start_station();
      return;
    }
    station_.start_station();
  }
}

} // namespace stationd::soak
