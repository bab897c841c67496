#pragma once

#include "control/control_protocol.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace stationd::control {

using command_handler = std::function<boost::asio::awaitable<reply>(const boost::json::object& arguments)>;

// The commands the control socket answers. Components add their own commands at
// start-up; the server only dispatches.
class command_registry {
public:
  struct command {
    std::string help;
    command_handler handler;
  };

  void add(std::string name, std::string help, command_handler handler);
  const command* find(std::string_view name) const;
  const std::map<std::string, command, std::less<>>& all() const noexcept { return commands_; }

private:
  std::map<std::string, command, std::less<>> commands_;
};

} // namespace stationd::control
