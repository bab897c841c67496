#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

namespace stationd::drivers {

enum class device_class { scanner, scale, light };

// What every driver does, in the order the supervisor calls it:
// open -> identify -> configure -> run, and close after any failure. Each step
// throws device_error when the device fails; run() returns or throws only when
// the connection is lost (or the supervisor cancels it). Every wait inside has a
// timeout (the device's io_timeout), so a silent device is a failure, never a hang.
class device_driver {
public:
  virtual ~device_driver() = default;

  virtual boost::asio::awaitable<void> open() = 0;
  // Who the device says it is ("MT-SICS serial B207696838"); "" when the
  // protocol cannot tell.
  virtual boost::asio::awaitable<std::string> identify() = 0;
  virtual boost::asio::awaitable<void> configure() = 0;
  virtual boost::asio::awaitable<void> run() = 0;
  // Releases the connection. Never throws; safe to call twice.
  virtual void close() noexcept = 0;
  // Where it is: "/dev/ttyUSB0", "10.0.0.5:502".
  virtual std::string address() const = 0;
};

} // namespace stationd::drivers
