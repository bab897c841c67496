#pragma once

#include "config/station_config.hpp"
#include "events/event_hub.hpp"
#include "events/status_board.hpp"
#include "log/logger.hpp"
#include "scan/scan_classifier.hpp"
#include "scan/scan_decoder.hpp"
#include "scan/scan_framer.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace stationd::devices {

// One scan as the station received it: decoded and classified, or refused.
struct scan_event {
  std::string device;                      // scanner name, or "stationctl" for injected scans
  std::string raw;
  std::optional<scan::decoded_scan> decoded;
  std::optional<scan::classified_scan> meaning;
  std::optional<scan::scan_error> error;   // framing or decoding refused it
};

// Turns scanner frames into decoded, classified scans: publishes a "scan" event
// and the scanner's variables, and hands each scan to the listener (the station
// workflows). Used from the io thread only.
class scanner_service {
public:
  using listener = std::function<void(const scan_event&)>;

  scanner_service(events::status_board& board, events::event_hub& hub, log::logger& log);

  void apply(const config::scan_settings& settings);
  void set_listener(listener l) { listener_ = std::move(l); }
  void set_current_year(int year) { current_year_ = year; }
  int current_year() const noexcept { return current_year_; }

  void on_frame(const std::string& device, const scan::frame& frame);
  // A scan typed or injected (stationctl scan), through the same path as a
  // device's; `notify` false: the caller hands it to the workflows itself.
  scan_event inject(const std::string& source, const std::string& raw, bool notify = true);

  static boost::json::object to_json(const scan_event& e, int current_year);

private:
  scan_event handle(const std::string& device, const std::string& raw, std::optional<scan::scan_error> framing_error,
                    bool notify = true);

  events::status_board& board_;
  events::event_hub& hub_;
  log::logger& log_;
  scan::classifier_rules rules_;
  listener listener_;
  int current_year_ = 2026;
};

} // namespace stationd::devices
