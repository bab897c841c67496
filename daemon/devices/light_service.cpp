#include "devices/light_service.hpp"

namespace stationd::devices {

using drivers::lamp;
using drivers::light_pattern;

std::optional<light_pattern> pattern_for(std::string_view signal) {
  if (signal == "off") return light_pattern{};
  if (signal == "ready") return light_pattern{lamp::off, lamp::off, lamp::on, false};
  if (signal == "busy") return light_pattern{lamp::off, lamp::flash, lamp::off, false};
  if (signal == "attention") return light_pattern{lamp::off, lamp::on, lamp::off, false};
  if (signal == "error") return light_pattern{lamp::on, lamp::off, lamp::off, true};
  return std::nullopt;
}

std::vector<std::string> signal_names() { return {"off", "ready", "busy", "attention", "error"}; }

} // namespace stationd::devices
