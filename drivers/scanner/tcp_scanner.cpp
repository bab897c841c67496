#include "scanner/tcp_scanner.hpp"

#include "core/device_error.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

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
  // async_resolve ignores per-operation cancellation in this Boost, so a slow DNS
  // server is cut short by cancelling the resolver itself.
  asio::steady_timer deadline{co_await asio::this_coro::executor, context_.device.io_timeout};
  deadline.async_wait([&resolver](const boost::system::error_code& ec) {
    if (!ec) resolver.cancel();
  });
  const std::string service = std::to_string(port_number_);
  const auto [resolve_error, endpoints] =
      co_await resolver.async_resolve(host_, service, asio::as_tuple(asio::use_awaitable));
  deadline.cancel();
  if (resolve_error) throw device_error(fmt::format("cannot resolve {}: {}", host_, resolve_error.message()));
  socket_ = tcp::socket{co_await asio::this_coro::executor};
  const auto [connect_error, endpoint] = co_await asio::async_connect(socket_, endpoints, asio::as_tuple(asio::use_awaitable));
  if (connect_error) throw device_error(fmt::format("cannot connect to {}: {}", address(), connect_error.message()));
  // The reader may sit silent for hours between scans; keepalive probes after 5 s
  // of silence, every 2 s, 3 times, so a dead reader is noticed within about 11 s.
  socket_.set_option(asio::socket_base::keep_alive(true));
  const int idle = 5;
  const int interval = 2;
  const int probes = 3;
  ::setsockopt(socket_.native_handle(), IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
  ::setsockopt(socket_.native_handle(), IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
  ::setsockopt(socket_.native_handle(), IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
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
