#pragma once

#include "core/serial_link.hpp"
#include "protocol/mtsics.hpp"
#include "scale/scale_driver.hpp"

#include <boost/asio/serial_port.hpp>

namespace stationd::drivers {

// Mettler Toledo MT-SICS over a serial port: `@` to reset and identify (it
// answers with the serial number), `SI` polled for weight with its stable flag,
// `Z`, `T`, `TAC` for zero and tare.
class mtsics_scale final : public scale_driver {
public:
  explicit mtsics_scale(const driver_context& context);

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
  // Sends one command and returns the parsed reply. Throws device_error on a
  // timeout; an unreadable line comes back as a parse failure.
  boost::asio::awaitable<mtsics::parse_result> exchange(std::string_view name, std::chrono::milliseconds timeout);
  // A zero/tare style command: any reply but the expected one is an error naming it.
  boost::asio::awaitable<void> command(std::string_view name, mtsics::reply_kind expected);

  driver_context context_;
  serial_settings settings_;
  scale_timing timing_;
  boost::asio::serial_port port_;
  command_queue commands_;
  std::string rx_;
  std::string path_;
};

} // namespace stationd::drivers
