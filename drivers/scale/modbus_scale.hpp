#pragma once

#include "core/command_queue.hpp"
#include "core/modbus_link.hpp"
#include "protocol/modbus_values.hpp"
#include "scale/scale_driver.hpp"

#include <memory>

namespace stationd::drivers {

// A Modbus (TCP or RTU) weight indicator described by a register-map profile
// (config/scales/*.toml): one block read per poll, decoded by the profile;
// zero and tare are register (or coil) writes.
class modbus_scale final : public scale_driver {
public:
  modbus_scale(const driver_context& context, modbus::scale_profile profile);

  boost::asio::awaitable<void> open() override;
  boost::asio::awaitable<std::string> identify() override;
  boost::asio::awaitable<void> configure() override;
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override;

  boost::asio::awaitable<void> zero() override;
  boost::asio::awaitable<void> tare() override;
  boost::asio::awaitable<void> clear_tare() override;

private:
  boost::asio::awaitable<std::vector<std::uint16_t>> read_block();
  boost::asio::awaitable<void> send(modbus::scale_profile::command c, std::string_view what);

  driver_context context_;
  modbus::scale_profile profile_;
  scale_timing timing_;
  modbus_endpoint endpoint_;
  std::unique_ptr<modbus_link> link_;
  command_queue commands_;
};

} // namespace stationd::drivers
