#include "control/command_registry.hpp"

#include <stdexcept>

namespace stationd::control {

void command_registry::add(std::string name, std::string help, command_handler handler) {
  if (!commands_.emplace(name, command{std::move(help), std::move(handler)}).second) {
    throw std::logic_error("control command registered twice: " + name);
  }
}

const command_registry::command* command_registry::find(std::string_view name) const {
  const auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second;
}

} // namespace stationd::control
