#include "scanner/serial_scanner.hpp"

namespace stationd::drivers {

namespace asio = boost::asio;

serial_scanner::serial_scanner(const driver_context& context)
    : context_{context}, settings_{serial_settings::from(context.device.settings)},
      gap_{context.device.settings.get_duration("inter_char_timeout")}, port_{context.executor},
      framer_{framing_from(context.device.settings)} {}

asio::awaitable<void> serial_scanner::open() {
  path_ = resolve_port(settings_);
  open_serial(port_, path_, settings_);
  framer_ = scan::scan_framer{framing_from(context_.device.settings)};
  co_return;
}

// A serial scanner cannot be asked who it is; its USB identity says it.
asio::awaitable<std::string> serial_scanner::identify() {
  co_return settings_.usb_vid.empty() ? std::string{} : "USB " + settings_.usb_vid + ":" + settings_.usb_pid;
}

asio::awaitable<void> serial_scanner::configure() { co_return; }

asio::awaitable<void> serial_scanner::run() {
  co_await read_scans(port_, framer_, gap_, context_.on_frame, context_.log, context_.device.name);
}

void serial_scanner::close() noexcept {
  boost::system::error_code ignored;
  port_.close(ignored);
}

std::string serial_scanner::address() const { return path_.empty() ? settings_.port : path_; }

} // namespace stationd::drivers
