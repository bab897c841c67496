#pragma once

#include "core/driver_context.hpp"
#include "light/light_driver.hpp"
#include "printer/printer_driver.hpp"
#include "scale/scale_driver.hpp"
#include "scanner/scanner_driver.hpp"

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace stationd::drivers {

// The drivers of one device class, by the name used in [[device]] driver = "...".
template <typename Driver>
class driver_registry {
public:
  using factory = std::function<std::unique_ptr<Driver>(const driver_context&)>;

  void add(std::string name, factory make) {
    if (!factories_.emplace(std::move(name), std::move(make)).second) throw std::logic_error("driver registered twice");
  }
  bool has(const std::string& name) const { return factories_.count(name) != 0; }
  // Throws std::runtime_error when the driver cannot be made (a Modbus profile
  // that does not load, say); std::logic_error for a name never registered.
  std::unique_ptr<Driver> make(const std::string& name, const driver_context& context) const {
    const auto it = factories_.find(name);
    if (it == factories_.end()) throw std::logic_error("no such driver: " + name);
    return it->second(context);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, unused] : factories_) out.push_back(name);
    return out;
  }

private:
  std::map<std::string, factory, std::less<>> factories_;
};

struct driver_registries {
  driver_registry<scanner_driver> scanners;
  driver_registry<scale_driver> scales;
  driver_registry<light_driver> lights;
  driver_registry<printer_driver> printers;
};

// Every driver stationd ships with.
driver_registries built_in_drivers();

} // namespace stationd::drivers
