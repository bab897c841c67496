#pragma once

#include "core/device_driver.hpp"
#include "core/driver_context.hpp"
#include "scan/scan_framer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <array>
#include <chrono>
#include <functional>

namespace stationd::drivers {

// Scanners only report: their drivers turn bytes (or key events) into framed
// scans and hand each one to the station. The class needs nothing beyond
// device_driver; this header holds what the byte-stream scanners share.
using scanner_driver = device_driver;

scan::framing_options framing_from(const config::config_section& device);

// Reads a byte stream (serial port, TCP socket) into scans until it fails. While
// a scan is half-received, a gap of `gap` ends it; between scans the scanner may
// stay silent for as long as nobody scans, so that wait has no timeout: a lost
// link shows as end of file or an error (and TCP keepalive for sockets).
template <typename Stream>
boost::asio::awaitable<void> read_scans(Stream& stream, scan::scan_framer& framer, std::chrono::milliseconds gap,
                                        const std::function<void(scan::frame)>& deliver, log::logger& log,
                                        const std::string& device) {
  namespace asio = boost::asio;
  using namespace asio::experimental::awaitable_operators;
  std::array<char, 512> buffer;
  asio::steady_timer quiet{co_await asio::this_coro::executor};
  for (;;) {
    std::size_t n = 0;
    boost::system::error_code ec;
    if (framer.buffered() == 0) {
      std::tie(ec, n) = co_await stream.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    } else {
      quiet.expires_after(gap);
      auto outcome = co_await (stream.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable)) ||
                               quiet.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (outcome.index() == 1) {
        for (auto& f : framer.idle()) deliver(std::move(f));
        continue;
      }
      std::tie(ec, n) = std::get<0>(outcome);
    }
    if (ec) {
      for (auto& f : framer.idle()) deliver(std::move(f)); // what arrived before the loss is still a scan
      throw boost::system::system_error(ec);
    }
    log.trace_bytes(device, "rx", {reinterpret_cast<const unsigned char*>(buffer.data()), n});
    for (auto& f : framer.feed({buffer.data(), n})) deliver(std::move(f));
  }
}

} // namespace stationd::drivers
