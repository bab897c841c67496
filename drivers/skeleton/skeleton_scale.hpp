#pragma once

// A complete, minimal driver to copy when adding a device: a scale that prints
// one line per reading on a serial port, "<weight> <unit> <S|D>" (S stable,
// D dynamic), e.g. "1.250 kg S". See docs/writing-a-driver.md.
//
// It is built and tested with the rest of the project but not registered in
// built_in_drivers(): a real driver is added there under its own name.

#include "core/serial_link.hpp"
#include "scale/scale_driver.hpp"

#include <boost/asio/serial_port.hpp>

#include <optional>
#include <string_view>

namespace stationd::drivers::skeleton {

// The pure part: one line in, one reading out (or nullopt for an unreadable line).
std::optional<scale_reading> parse_line(std::string_view line);

class skeleton_scale final : public scale_driver {
public:
  explicit skeleton_scale(const driver_context& context);

  // 1. Open the link. Throw device_error with the path and the reason.
  boost::asio::awaitable<void> open() override;
  // 2. Ask the device who it is; this protocol cannot, so wait for one good line instead.
  boost::asio::awaitable<std::string> identify() override;
  // 3. Put the device into the mode we need (nothing here).
  boost::asio::awaitable<void> configure() override;
  // 4. Read until the link fails; every read has a timeout.
  boost::asio::awaitable<void> run() override;
  void close() noexcept override;
  std::string address() const override { return path_; }

  // This protocol takes no commands.
  boost::asio::awaitable<void> zero() override;
  boost::asio::awaitable<void> tare() override;
  boost::asio::awaitable<void> clear_tare() override;

private:
  boost::asio::awaitable<std::string> read_line();

  driver_context context_;
  serial_settings settings_;
  std::chrono::milliseconds timeout_;
  boost::asio::serial_port port_;
  std::string rx_;
  std::string path_;
};

} // namespace stationd::drivers::skeleton
