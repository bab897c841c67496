#include "devices/scanner_service.hpp"

#include "scan/classifier_config.hpp"
#include "scan/raw_notation.hpp"
#include "scan/scan_json.hpp"

namespace stationd::devices {

namespace json = boost::json;

scanner_service::scanner_service(events::status_board& board, events::event_hub& hub, log::logger& log)
    : board_{board}, hub_{hub}, log_{log} {}

void scanner_service::apply(const config::scan_settings& settings) { rules_ = scan::make_rules(settings); }

void scanner_service::on_frame(const std::string& device, const scan::frame& frame) {
  (void)handle(device, frame.data, frame.error);
}

scan_event scanner_service::inject(const std::string& source, const std::string& raw, bool notify) {
  return handle(source, raw, std::nullopt, notify);
}

scan_event scanner_service::handle(const std::string& device, const std::string& raw,
                                   std::optional<scan::scan_error> framing_error, bool notify) {
  scan_event e;
  e.device = device;
  e.raw = raw;
  if (framing_error) {
    e.error = std::move(framing_error);
  } else {
    auto decoded = scan::decode(raw, {current_year_});
    if (decoded) {
      e.meaning = scan::classify(*decoded.scan, rules_, current_year_);
      e.decoded = std::move(decoded.scan);
    } else {
      e.error = std::move(decoded.error);
    }
  }
  if (e.error) {
    log_.warning(device, "scan refused: {} (raw \"{}\")", e.error->message, scan::show_notation(raw));
    const auto* count = board_.find(device + ".scan_errors");
    board_.set(device + ".scan_errors", count && count->is_int64() ? count->as_int64() + 1 : 1);
  } else {
    log_.debug(device, "scan {} {}", scan::to_string(e.meaning->kind), e.meaning->key);
    const auto* count = board_.find(device + ".scans");
    board_.set(device + ".scans", count && count->is_int64() ? count->as_int64() + 1 : 1);
    board_.set(device + ".last_scan", e.meaning->key);
  }
  hub_.publish("scan", to_json(e, current_year_));
  if (listener_ && notify) listener_(e);
  return e;
}

json::object scanner_service::to_json(const scan_event& e, int current_year) {
  json::object out{{"device", e.device}, {"ok", !e.error}};
  if (e.error) {
    out["error"] = scan::to_json(*e.error);
    out["raw"] = scan::show_notation(e.raw);
  } else {
    out["scan"] = scan::to_json(*e.decoded, *e.meaning, current_year);
  }
  return out;
}

} // namespace stationd::devices
