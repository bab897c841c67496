#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace stationd::systemd {

// sd_notify(3) for a Type=notify service. Every call is a no-op when the daemon
// was not started by systemd (no $NOTIFY_SOCKET), so the same binary runs in a
// terminal, under the demo and under systemd.
class service_notifier {
public:
  service_notifier();

  bool active() const noexcept { return active_; }
  // The interval systemd expects WATCHDOG=1 within ($WATCHDOG_USEC), if any.
  std::optional<std::chrono::microseconds> watchdog_interval() const noexcept { return watchdog_; }

  void ready(std::string_view status) const;
  void reloading() const;
  void stopping() const;
  void status(std::string_view status) const;
  void watchdog() const;

private:
  void send(std::string_view message) const;
  bool active_ = false;
  std::optional<std::chrono::microseconds> watchdog_;
};

} // namespace stationd::systemd
