#pragma once

#include "config/station_config.hpp"
#include "control/command_registry.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "journal/journal.hpp"
#include "log/logger.hpp"
#include "station/station_service.hpp"
#include "sync/sync_client.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <memory>

namespace stationd::sync {

// The io thread's side of the link to central: starts the sync client when
// [central] is configured, applies the master data revisions it receives
// through the station service (journaled), and publishes the link and the
// outbox as status variables (central.*, outbox.*) with an alarm when events
// wait too long. Without [central] the station works alone and says so.
class sync_service {
public:
  sync_service(boost::asio::any_io_executor io, journal::journal& journal, station::station_service& station,
               stationd::events::event_hub& hub, stationd::events::status_board& board, log::logger& log);
  ~sync_service();

  // Starts the link (once; [central] keys need a restart). Throws when the keys cannot be read.
  void start(const config::station_config& config);
  void stop();
  void register_commands(control::command_registry& commands);

private:
  void on_status(const sync_status& s);
  // Keeps central's last acknowledgement in station_meta (no event: it is not news for central).
  void remember_acked(std::uint64_t acked, bool caught_up);
  boost::json::object describe() const;

  boost::asio::any_io_executor io_;
  journal::journal& journal_;
  station::station_service& station_;
  stationd::events::event_hub& hub_;
  stationd::events::status_board& board_;
  log::logger& log_;
  std::optional<config::central_settings> settings_;
  std::unique_ptr<sync_client> client_;
  sync_status last_;
  bool alarmed_ = false;
  std::uint64_t remembered_acked_ = 0;
  std::chrono::steady_clock::time_point remembered_at_{};
};

} // namespace stationd::sync
