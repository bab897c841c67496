#pragma once

// One factory per device kind (implemented next to the kind's commands).

#include "devsim/device_commands.hpp"

#include <memory>

namespace stationd::devsim {

std::unique_ptr<device_commands> make_serial_scanner(const device_settings& settings);
std::unique_ptr<device_commands> make_tcp_scanner(const device_settings& settings);
std::unique_ptr<device_commands> make_mtsics(const device_settings& settings);
std::unique_ptr<device_commands> make_toledo8213(const device_settings& settings);
std::unique_ptr<device_commands> make_modbus_scale(const device_settings& settings);
std::unique_ptr<device_commands> make_modbus_light(const device_settings& settings);
std::unique_ptr<device_commands> make_zpl_printer(const device_settings& settings);

} // namespace stationd::devsim
