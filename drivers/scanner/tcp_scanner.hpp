#pragma once

#include "scanner/scanner_driver.hpp"

#include <boost/asio/ip/tcp.hpp>

namespace stationd::drivers {

// A network scanner (fixed-mount reader) that is a TCP server pushing lines;
// the station connects to it.
class tcp_scanner final : public scanner_driver {
public:
  explicit tcp_scanner(const driver_context& context);

  boost::asio::awaitable<void> open() override;
  boost::asio::awaitable<std::string> identify() override;
  boost::asio::awaitable<void> configure() override;
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override;

private:
  driver_context context_;
  std::string host_;
  std::uint16_t port_number_;
  std::chrono::milliseconds gap_;
  boost::asio::ip::tcp::socket socket_;
  scan::scan_framer framer_;
};

} // namespace stationd::drivers
