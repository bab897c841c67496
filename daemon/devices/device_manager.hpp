#pragma once

#include "config/station_config.hpp"
#include "control/command_registry.hpp"
#include "core/driver_registry.hpp"
#include "core/supervisor.hpp"
#include "devices/scale_service.hpp"
#include "devices/scanner_service.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "log/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace stationd::devices {

// Owns the bench's devices: one supervisor coroutine per device, the class
// services that turn driver output into station state, and the device commands
// of the control socket (devices, weigh, light, scan). A reload restarts only the
// devices whose settings changed. Used from the io thread only.
class device_manager final : public drivers::device_observer {
public:
  device_manager(boost::asio::any_io_executor executor, drivers::driver_registries registries,
                 events::status_board& board, events::event_hub& hub, log::logger& log);
  ~device_manager() override;

  // Starts the configured devices; returns when cancelled (the devices keep
  // running until stop()). Rethrows a supervisor's unexpected failure.
  boost::asio::awaitable<void> run(const config::station_config& config);
  // Stops every device and waits until all supervisors have finished.
  boost::asio::awaitable<void> stop();
  // Applies a reloaded configuration: new devices start, removed ones stop,
  // changed ones restart, unchanged ones are not touched.
  void reconfigure(const config::station_config& config);

  void register_commands(control::command_registry& commands);

  scanner_service& scanners() noexcept { return scanners_; }

  // Printers: the print service listens to every status poll (and to a printer
  // going offline: a status with no reply and the token OFFLINE), and sends
  // through the driver of an online printer.
  using printer_listener = std::function<void(const std::string& printer, const drivers::printer_status& status)>;
  void set_printer_listener(printer_listener l) { printer_listener_ = std::move(l); }
  // The driver of `name` when it is an online printer, else nullptr. Valid until
  // the next suspension only: callers do not hold it across a co_await of their own.
  drivers::printer_driver* online_printer(const std::string& name);
  std::vector<std::string> printer_names() const { return names_of_class("printer"); }
  // The configured devices of one class (scanner, scale, light, printer), by name.
  std::vector<std::string> names_of_class(std::string_view device_class) const;
  scale_service& scales() noexcept { return scales_; }
  // Shows a station signal on every light (or on `device` only). Unknown signal: false.
  bool signal(const std::string& name, const std::string& device = "");
  // What the workflows made of a scan injected with the `scan` command; its
  // reply carries it as "decision". Unset: the reply says only what was scanned.
  using scan_decider = std::function<boost::asio::awaitable<boost::json::object>(const scan_event&)>;
  void set_scan_decider(scan_decider d) { scan_decider_ = std::move(d); }

  boost::json::array describe() const;
  void on_status(const std::string& device, const drivers::device_status& status) override;
  void on_printer_status(const std::string& printer, const drivers::printer_status& status);

private:
  struct entry;
  void start(const std::shared_ptr<entry>& e);
  void stop_entry(const std::shared_ptr<entry>& e);
  void forget(const std::shared_ptr<entry>& e);
  void finished(const std::shared_ptr<entry>& e, std::exception_ptr failure);
  void show(const std::shared_ptr<entry>& e, const std::string& signal);
  void publish_config_state(const std::shared_ptr<entry>& e, const std::string& state, const std::string& error);

  boost::asio::any_io_executor executor_;
  drivers::driver_registries registries_;
  events::status_board& board_;
  events::event_hub& hub_;
  log::logger& log_;
  scanner_service scanners_;
  scale_service scales_;
  scan_decider scan_decider_;
  std::filesystem::path config_directory_;
  std::map<std::string, std::shared_ptr<entry>, std::less<>> entries_;
  printer_listener printer_listener_;
  std::exception_ptr failure_;
  boost::asio::steady_timer wake_;
  bool stopping_ = false;
};

} // namespace stationd::devices
