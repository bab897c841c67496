#pragma once

#include "core/serial_link.hpp"
#include "protocol/toledo8213.hpp"
#include "scale/scale_driver.hpp"

#include <boost/asio/serial_port.hpp>

namespace stationd::drivers {

// Toledo 8213 demand protocol: 'W' polled, 'Z' to zero. The protocol has no
// tare and no units: tare is refused, the unit comes from the configuration.
class toledo8213_scale final : public scale_driver {
public:
  explicit toledo8213_scale(const driver_context& context);

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
  // Sends one command byte and returns the next frame: a record, or an error
  // frame (garbage, malformed record). Throws device_error on a timeout.
  boost::asio::awaitable<toledo8213::frame> exchange(char command, std::chrono::milliseconds timeout);

  driver_context context_;
  serial_settings settings_;
  scale_timing timing_;
  std::string unit_;
  boost::asio::serial_port port_;
  command_queue commands_;
  toledo8213::frame_parser parser_;
  std::deque<toledo8213::frame> pending_;
  std::string path_;
};

} // namespace stationd::drivers
