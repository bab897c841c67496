#pragma once

#include "app/state_lock.hpp"
#include "config/station_config.hpp"
#include "control/command_registry.hpp"
#include "control/control_server.hpp"
#include "devices/device_manager.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "journal/journal.hpp"
#include "printing/print_service.hpp"
#include "station/station_service.hpp"
#include "sync/sync_service.hpp"
#include "api/api_service.hpp"
#include "http/http_server.hpp"
#include "scan/sscc_allocator.hpp"
#include "log/logger.hpp"
#include "systemd/service_notifier.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/array.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace stationd::app {

struct reload_outcome {
  bool ok = false;
  std::string text;           // one line for the log and stationctl
  boost::json::array errors;  // every configuration error, when the new file is bad
};

// The daemon: owns the components, runs them on one io_context, handles signals.
// SIGHUP and the control socket's `reload` go through the same reload(), which
// either applies a whole new configuration or keeps the running one.
class application {
public:
  application(boost::asio::io_context& io, config::station_config config, config::environment env, log::logger& log);
  ~application();

  // Runs until SIGTERM/SIGINT, then shuts down gracefully: the journal commits
  // what is queued before this returns. Throws when start-up fails.
  boost::asio::awaitable<void> run();

  boost::asio::awaitable<reload_outcome> reload(std::string_view origin);

private:
  void apply_log_settings(const config::log_settings& settings);
  void register_commands();
  boost::asio::awaitable<void> handle_signals();
  void ignore_signals_while_stopping();
  std::string status_text() const; // systemd's STATUS=: the journal's failure outranks "ready"
  boost::asio::awaitable<void> feed_watchdog();
  boost::asio::awaitable<void> refresh_variables_periodically();
  // The HTTP listener and the API's housekeeping; idles when there is no [http].
  boost::asio::awaitable<void> run_http();
  void refresh_variables();
  void refresh_sscc_variables();
  void apply_sscc_settings();
  boost::json::object status_report() const;
  // Parameters are views: GCC 12 can destroy a temporary inside a co_await
  // expression twice, and a string literal passed as std::string is one.
  boost::asio::awaitable<bool> record(std::string_view type, boost::json::object payload);

  boost::asio::io_context& io_;
  config::station_config config_;
  config::environment env_;
  log::logger& log_;
  systemd::service_notifier notifier_;
  events::event_hub hub_;
  events::status_board board_{hub_};
  control::command_registry commands_;
  std::optional<boost::asio::signal_set> signals_;
  std::unique_ptr<state_lock> lock_;
  std::unique_ptr<journal::journal> journal_;
  std::unique_ptr<control::control_server> control_;
  std::unique_ptr<journal::journal_reader> reader_;
  std::shared_ptr<scan::sscc_allocator> sscc_; // when [sscc] is configured; shared with an allocation in flight
  devices::device_manager devices_;
  std::unique_ptr<printing::print_service> printing_; // needs the journal
  std::unique_ptr<station::station_service> station_;  // needs the journal and printing
  std::unique_ptr<sync::sync_service> sync_;            // needs the station
  std::unique_ptr<api::api_service> api_;               // when [http] is configured; needs the station
  std::unique_ptr<http::http_server> http_;             // needs the API
  // What the journal calls after each commit (set while the API exists).
  std::shared_ptr<std::function<void(std::uint64_t)>> on_commit_ =
      std::make_shared<std::function<void(std::uint64_t)>>();
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::uint64_t reloads_ = 0;
  std::string last_reload_error_;
  bool sscc_low_ = false; // the low-serials alarm was raised
};

} // namespace stationd::app
