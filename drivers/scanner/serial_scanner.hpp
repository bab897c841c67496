#pragma once

#include "core/serial_link.hpp"
#include "scanner/scanner_driver.hpp"

#include <boost/asio/serial_port.hpp>

namespace stationd::drivers {

// A scanner on a serial port (RS-232, USB CDC): AIM identifier + data + suffix.
class serial_scanner final : public scanner_driver {
public:
  explicit serial_scanner(const driver_context& context);

  boost::asio::awaitable<void> open() override;
  boost::asio::awaitable<std::string> identify() override;
  boost::asio::awaitable<void> configure() override;
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override;

private:
  driver_context context_;
  serial_settings settings_;
  std::chrono::milliseconds gap_;
  boost::asio::serial_port port_;
  scan::scan_framer framer_;
  std::string path_;
};

} // namespace stationd::drivers
