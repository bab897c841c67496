#include "crash_driver.hpp"

namespace stationd::soak {

crash_driver::crash_driver(soak_station& station, std::chrono::milliseconds min_gap, std::chrono::milliseconds max_gap,
                           std::uint64_t seed)
    : station_{station}, min_gap_{min_gap}, max_gap_{max_gap}, random_{seed} {}

void crash_driver::start() { loop_.start([this] { run(); }); }

void crash_driver::stop() { loop_.stop(); }

void crash_driver::run() {
  std::uniform_int_distribution<std::int64_t> gap(min_gap_.count(), max_gap_.count());
  std::uniform_int_distribution<std::int64_t> outage(0, 300);
  while (!loop_.pause(std::chrono::milliseconds{gap(random_)})) {
    station_.kill_station();
    ++kills_;
    // The power comes back after a moment (or at once); also when the run ends meanwhile.
    loop_.pause(std::chrono::milliseconds{outage(random_)});
    station_.start_station();
  }
}

} // namespace stationd::soak
