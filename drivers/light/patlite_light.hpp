#pragma once

#include "core/modbus_link.hpp"
#include "light/light_driver.hpp"

#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <optional>

namespace stationd::drivers {

// Patlite LA6 (and WE-series) signal tower over Modbus TCP (device protocol
// reference, section 5.1): holding registers 1-5 are the LED tiers, 6 the
// buzzer; each value is "control" in the high byte and the state in the low byte.
class patlite_light final : public light_driver {
public:
  explicit patlite_light(const driver_context& context);

  boost::asio::awaitable<void> open() override;
  boost::asio::awaitable<std::string> identify() override;
  boost::asio::awaitable<void> configure() override;
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override;
  void show(light_pattern pattern) override;

  // Registers 1-6 (wire 0-5) for a pattern, given which tier shows which colour.
  static std::vector<std::uint16_t> registers_for(const light_pattern& p, int red_tier, int amber_tier, int green_tier,
                                                  int buzzer_pattern);

private:
  boost::asio::awaitable<void> write(light_pattern p); // by value: show() may change desired_ meanwhile

  driver_context context_;
  modbus_endpoint endpoint_;
  int red_tier_;
  int amber_tier_;
  int green_tier_;
  int buzzer_pattern_;
  std::unique_ptr<modbus_link> link_;
  light_pattern desired_;
  std::optional<light_pattern> shown_; // what the tower shows, as far as we know
  boost::asio::steady_timer wake_;     // cancelled by show()
};

} // namespace stationd::drivers
