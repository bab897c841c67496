#pragma once

#include "core/command_queue.hpp"
#include "core/driver_context.hpp"
#include "core/serial_link.hpp"
#include "printer/printer_driver.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/serial_port.hpp>

#include <variant>

namespace stationd::drivers {

// A Zebra (ZPL) label printer on raw TCP (port 9100) or a serial port. Status
// comes from ~HS (and ~HQES when the printer answers it); no answer within
// io_timeout is a status of its own, NO-REPLY, because a Zebra printer stays
// silent while media or ribbon is out. Formats and status queries go out in
// turn from the run loop.
class zpl_printer final : public printer_driver {
public:
  explicit zpl_printer(const driver_context& context);

  boost::asio::awaitable<void> open() override;
  boost::asio::awaitable<std::string> identify() override;
  boost::asio::awaitable<void> configure() override;
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override;

  boost::asio::awaitable<send_result> send(std::string zpl) override;
  boost::asio::awaitable<printer_status> poll() override;

private:
  // Sends `query` and collects the reply of `kind`; nullopt when none came in time.
  boost::asio::awaitable<std::optional<std::string>> ask(std::string_view query, zpl::reply_collector::kind kind);
  boost::asio::awaitable<printer_status> query_status();
  // Writes everything or says how much went out; `in_doubt` when a timeout cut it off.
  boost::asio::awaitable<std::size_t> write_all(std::string_view bytes, std::string& error, bool& in_doubt);

  driver_context context_;
  bool serial_;
  std::string host_;
  std::uint16_t tcp_port_ = 9100;
  serial_settings serial_settings_;
  std::chrono::milliseconds status_interval_;
  std::variant<boost::asio::ip::tcp::socket, boost::asio::serial_port> stream_;
  command_queue commands_;
  std::optional<bool> answers_hqes_; // learnt at configure
  std::uint64_t polls_ = 0;
  std::uint64_t connections_ = 0; // opened so far
  int bad_in_a_row_ = 0;          // unreadable ~HS replies
  std::optional<printer_status> latest_;
  std::string path_;
};

} // namespace stationd::drivers
