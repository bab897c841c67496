#include "device_faults.hpp"

namespace stationd::soak {
using namespace std::chrono_literals;

device_faults::device_faults(sim::mtsics_scale& scale, sim::zpl_printer& printer, std::chrono::milliseconds min_gap,
                             std::chrono::milliseconds max_gap, std::uint64_t seed)
    : scale_{scale}, printer_{printer}, min_gap_{min_gap}, max_gap_{max_gap}, random_{seed} {}

device_faults::~device_faults() { stop(); }

void device_faults::start() { thread_ = std::thread{[this] { run(); }}; }

void device_faults::stop() {
  {
    std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool device_faults::pause(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds d) {
  return wake_.wait_for(lock, d, [&] { return stopping_; });
}

void device_faults::run() {
  std::uniform_int_distribution<std::int64_t> gap(min_gap_.count(), max_gap_.count());
  std::uniform_int_distribution<std::int64_t> outage(500, 2000);
  std::uniform_int_distribution<int> which(0, 2);
  std::unique_lock lock{mutex_};
  while (!pause(lock, std::chrono::milliseconds{gap(random_)})) {
    const std::chrono::milliseconds length{outage(random_)};
    switch (which(random_)) {
    case 0:
      printer_.drop(); // the network cable pulled for an instant
      ++drops_;
      break;
    case 1:
      printer_.paper_out();
      ++paper_outs_;
      pause(lock, length); // the fault ends even when the run stops meanwhile
      printer_.paper_in();
      break;
    default:
      scale_.unplug();
      ++unplugs_;
      pause(lock, length);
      scale_.replug();
      break;
    }
  }
}

} // namespace stationd::soak
