#include "core/driver_registry.hpp"

#include "config/config_error.hpp"
#include "light/patlite_light.hpp"
#include "light/relay_light.hpp"
#include "printer/zpl_printer.hpp"
#include "scale/modbus_scale.hpp"
#include "scale/mtsics_scale.hpp"
#include "scale/scale_profile.hpp"
#include "scale/toledo8213_scale.hpp"
#include "scanner/evdev_scanner.hpp"
#include "scanner/serial_scanner.hpp"
#include "scanner/tcp_scanner.hpp"

#include <fmt/format.h>

namespace stationd::drivers {

driver_registries built_in_drivers() {
  driver_registries r;
  r.scanners.add("serial-scanner", [](const driver_context& c) { return std::make_unique<serial_scanner>(c); });
  r.scanners.add("tcp-scanner", [](const driver_context& c) { return std::make_unique<tcp_scanner>(c); });
  r.scanners.add("evdev-scanner", [](const driver_context& c) { return std::make_unique<evdev_scanner>(c); });
  r.scales.add("mt-sics", [](const driver_context& c) { return std::make_unique<mtsics_scale>(c); });
  r.scales.add("toledo-8213", [](const driver_context& c) { return std::make_unique<toledo8213_scale>(c); });
  r.scales.add("modbus-scale", [](const driver_context& c) -> std::unique_ptr<scale_driver> {
    auto loaded = load_scale_profile(c.device.settings.get_string("profile"), profile_search_path(c.config_directory));
    if (!loaded.profile) throw std::runtime_error(loaded.errors.front().to_string());
    return std::make_unique<modbus_scale>(c, std::move(*loaded.profile));
  });
  r.lights.add("patlite", [](const driver_context& c) { return std::make_unique<patlite_light>(c); });
  r.lights.add("modbus-relay", [](const driver_context& c) { return std::make_unique<relay_light>(c); });
  r.printers.add("zpl-tcp", [](const driver_context& c) { return std::make_unique<zpl_printer>(c); });
  r.printers.add("zpl-serial", [](const driver_context& c) { return std::make_unique<zpl_printer>(c); });
  return r;
}

} // namespace stationd::drivers
