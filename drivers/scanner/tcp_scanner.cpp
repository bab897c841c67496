#include "scanner/tcp_scanner.hpp"

#include "core/device_error.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

namespace stationd::drivers {

namespace asio = boost::asio;
using asio::ip::tcp;

tcp_scanner::tcp_scanner(const driver_context& context)
    : context_{context}, host_{context.device.settings.get_string("host")},
      port_number_{static_cast<std::uint16_t>(context.device.settings.get_int("tcp_port"))},
      gap_{context.device.settings.get_duration("inter_char_timeout")}, socket_{context.executor},
      framer_{framing_from(context.device.settings)} {}

asio::awaitable<void> tcp_scanner::open() {
  tcp::resolver resolver{co_await asio::this_coro::executor};
  const auto [resolve_error, endpoints] =
      co_await resolver.async_resolve(host_, std::to_string(port_number_), asio::as_tuple(asio::use_awaitable));
  if (resolve_error) throw device_error(fmt::format("cannot resolve {}: {}", host_, resolve_error.message()));
  socket_ = tcp::socket{co_await asio::this_coro::executor};
  const auto [connect_error, endpoint] = co_await asio::async_connect(socket_, endpoints, asio::as_tuple(asio::use_awaitable));
  if (connect_error) throw device_error(fmt::format("cannot connect to {}: {}", address(), connect_error.message()));
  // The reader may sit silent for hours between scans; keepalive notices a dead peer.
  socket_.set_option(asio::socket_base::keep_alive(true));
  framer_ = scan::scan_framer{framing_from(context_.device.settings)};
}

asio::awaitable<std::string> tcp_scanner::identify() { co_return std::string{}; }
asio::awaitable<void> tcp_scanner::configure() { co_return; }

asio::awaitable<void> tcp_scanner::run() {
  co_await read_scans(socket_, framer_, gap_, context_.on_frame, context_.log, context_.device.name);
}

void tcp_scanner::close() noexcept {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

std::string tcp_scanner::address() const { return fmt::format("{}:{}", host_, port_number_); }

} // namespace stationd::drivers
