#include "systemd/service_notifier.hpp"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <string>

namespace stationd::systemd {

service_notifier::service_notifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  active_ = socket != nullptr && *socket != '\0';
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) watchdog_ = std::chrono::microseconds{usec};
}

void service_notifier::send(std::string_view message) const {
  if (!active_) return;
  sd_notify(0, std::string{message}.c_str());
}

void service_notifier::ready(std::string_view status) const { send("READY=1\nSTATUS=" + std::string{status}); }
void service_notifier::reloading() const { send("RELOADING=1"); }
void service_notifier::stopping() const { send("STOPPING=1"); }
void service_notifier::status(std::string_view status) const { send("STATUS=" + std::string{status}); }
void service_notifier::watchdog() const { send("WATCHDOG=1"); }

} // namespace stationd::systemd
