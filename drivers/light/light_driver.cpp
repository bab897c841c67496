#include "light/light_driver.hpp"

#include <fmt/format.h>

namespace stationd::drivers {

namespace {

std::string_view name(lamp l) {
  switch (l) {
  case lamp::off: return "off";
  case lamp::on: return "on";
  case lamp::flash: return "flash";
  }
  return "off";
}

} // namespace

std::string to_string(const light_pattern& p) {
  return fmt::format("red={} amber={} green={} buzzer={}", name(p.red), name(p.amber), name(p.green),
                     p.buzzer ? "on" : "off");
}

} // namespace stationd::drivers
