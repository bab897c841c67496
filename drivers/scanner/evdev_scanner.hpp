#pragma once

#include "protocol/evdev_keys.hpp"
#include "scanner/scanner_driver.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>

namespace stationd::drivers {

// A USB keyboard-wedge scanner read from its evdev device (/dev/input/...): key
// events are turned back into characters with the configured layout, and the
// device is grabbed so the scans do not also type into whatever has focus.
class evdev_scanner final : public scanner_driver {
public:
  explicit evdev_scanner(const driver_context& context);

  boost::asio::awaitable<void> open() override;
  boost::asio::awaitable<std::string> identify() override;
  boost::asio::awaitable<void> configure() override;
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override { return path_; }

private:
  void deliver(const evdev::decoded& d);

  driver_context context_;
  std::string path_;
  evdev::decoder_options options_;
  bool grab_;
  std::chrono::milliseconds gap_;
  boost::asio::posix::stream_descriptor stream_;
};

} // namespace stationd::drivers
