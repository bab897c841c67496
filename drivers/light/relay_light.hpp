#pragma once

#include "core/modbus_link.hpp"
#include "light/light_driver.hpp"

#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <optional>

namespace stationd::drivers {

// Lamps and buzzer on the coils of a Modbus relay module (device protocol
// reference, section 5.2: FC05 with 0xFF00 on / 0x0000 off). Relays cannot flash
// by themselves, so a flashing lamp is toggled by the driver.
class relay_light final : public light_driver {
public:
  explicit relay_light(const driver_context& context);

  boost::asio::awaitable<void> open() override;
  boost::asio::awaitable<std::string> identify() override;
  boost::asio::awaitable<void> configure() override;
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override;
  void show(light_pattern pattern) override;

private:
  boost::asio::awaitable<void> apply(light_pattern pattern, bool flash_phase);

  driver_context context_;
  modbus_endpoint endpoint_;
  int red_coil_;
  int amber_coil_;
  int green_coil_;
  int buzzer_coil_;
  std::unique_ptr<modbus_link> link_;
  light_pattern desired_;
  std::optional<light_pattern> shown_;
  bool phase_ = true;
  boost::asio::steady_timer wake_; // cancelled by show()
};

} // namespace stationd::drivers
