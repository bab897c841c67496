#include "device_faults.hpp"

namespace stationd::soak {

device_faults::device_faults(sim::mtsics_scale& scale, sim::zpl_printer& printer, std::chrono::milliseconds min_gap,
                             std::chrono::milliseconds max_gap, std::uint64_t seed)
    : scale_{scale}, printer_{printer}, min_gap_{min_gap}, max_gap_{max_gap}, random_{seed} {}

void device_faults::start() { loop_.start([this] { run(); }); }

void device_faults::stop() { loop_.stop(); }

void device_faults::run() {
  std::uniform_int_distribution<std::int64_t> gap(min_gap_.count(), max_gap_.count());
  std::uniform_int_distribution<std::int64_t> outage(500, 2000);
  std::uniform_int_distribution<int> which(0, 2);
  while (!loop_.pause(std::chrono::milliseconds{gap(random_)})) {
    const std::chrono::milliseconds length{outage(random_)};
    switch (which(random_)) {
    case 0:
      printer_.drop(); // the network cable pulled for an instant
      ++drops_;
      break;
    case 1:
      printer_.paper_out();
      ++paper_outs_;
      loop_.pause(length); // the fault ends even when the run stops meanwhile
      printer_.paper_in();
      break;
    default:
      scale_.unplug();
      ++unplugs_;
      loop_.pause(length);
      scale_.replug();
      break;
    }
  }
}

} // namespace stationd::soak
