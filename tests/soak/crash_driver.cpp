#include "crash_driver.hpp"

namespace stationd::soak {

crash_driver::crash_driver(std::function<void()> kill, std::function<void()> start, std::chrono::milliseconds min_gap,
                           std::chrono::milliseconds max_gap, std::chrono::milliseconds max_outage, std::uint64_t seed)
    : kill_{std::move(kill)}, start_{std::move(start)}, min_gap_{min_gap}, max_gap_{max_gap}, max_outage_{max_outage},
      random_{seed} {}

void crash_driver::start() { loop_.start([this] { run(); }); }

void crash_driver::stop() { loop_.stop(); }

void crash_driver::run() {
  std::uniform_int_distribution<std::int64_t> gap(min_gap_.count(), max_gap_.count());
  std::uniform_int_distribution<std::int64_t> outage(0, max_outage_.count());
  while (!loop_.pause(std::chrono::milliseconds{gap(random_)})) {
    kill_();
    ++kills_;
    // The power comes back after a moment (or at once); also when the run ends meanwhile.
    loop_.pause(std::chrono::milliseconds{outage(random_)});
    start_();
  }
}

} // namespace stationd::soak
