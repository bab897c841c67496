#pragma once

#include "scan/scan_classifier.hpp"
#include "workflow/master_data.hpp"
#include "workflow/station_state.hpp"

#include <boost/describe/class.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace stationd::workflow {

// ---- inputs: everything that can happen at the station ------------------------
struct scan_input {
  std::string raw;
  scan::classified_scan meaning;
};
// A stable weight from the scale (the service sends only settled weights).
struct weight_input {
  std::int64_t grams = 0;
};
// An operator's choice from the UI or stationctl: quantity, short, override,
// grade, disposition, close, new-package, carton, recount, logout, mode, cancel.
struct action_input {
  std::string name;
  std::map<std::string, std::string> args;
};
// The SSCC allocated for a package the core asked to close.
struct sscc_input {
  std::string order_id;
  int package = 0;
  std::string sscc;
};
// A label the core asked for: printed (confirmed) or not.
struct label_input {
  std::string reference; // SSCC, RMA, ...
  std::int64_t job = 0;
  bool printed = false;
};
// Time passes (idle timeout).
struct tick_input {};
using input = std::variant<scan_input, weight_input, action_input, sscc_input, label_input, tick_input>;

// ---- rules: from the [workflow] configuration ---------------------------------
struct disposition_rule {
  std::string grade;       // A, B, C, D
  std::string category;    // product category, empty: any
  std::string disposition; // RESTOCK, REFURBISH, QUARANTINE, RETURN_TO_VENDOR, SCRAP
  std::string location;    // target location, may be empty
};
BOOST_DESCRIBE_STRUCT(disposition_rule, (), (grade, category, disposition, location))

struct workflow_rules {
  std::string language = "sv";               // for operators without one
  std::int64_t idle_timeout_ms = 15 * 60 * 1000;
  int min_shelf_life_days = 30;              // remaining shelf life a picked unit must have
  std::int64_t weight_tolerance_g = 50;      // a package may differ by max(this,
  double weight_tolerance_percent = 5.0;     //   this % of the expected weight)
  std::int64_t max_quantity_per_scan = 999;
  int return_window_days = 30;               // from shipping (or delivery, when known)
  std::int64_t return_packaging_g = 150;     // what a returned parcel weighs besides its items
  std::int64_t return_weight_tolerance_g = 100;
  double return_weight_tolerance_percent = 10.0;
  std::vector<std::string> short_reasons = {"NOT_FOUND", "DAMAGED", "WRONG_QUANTITY"};
  std::vector<std::string> grade_reasons = {"AS_NEW", "PACKAGING_DAMAGED", "MISSING_ACCESSORIES", "USED",
                                            "COSMETIC_DAMAGE", "DEFECTIVE", "HYGIENE"};
  std::vector<disposition_rule> dispositions = {
      {"A", "", "RESTOCK", ""}, {"B", "", "REFURBISH", ""}, {"C", "", "RETURN_TO_VENDOR", ""}, {"D", "", "SCRAP", ""}};
};

// ---- what the core says -------------------------------------------------------
// A message for the operator, by id (workflow/messages.hpp renders it in Swedish or English).
struct message {
  std::string id;
  std::vector<std::pair<std::string, std::string>> args;
};

enum class verdict { accepted, refused, ignored };
std::string_view to_string(verdict v) noexcept;

// What the signal light and buzzer do.
enum class signal { none, ok, error, attention };
std::string_view to_string(signal s) noexcept;

struct journal_event {
  std::string type; // e.g. pick.unit, order.on_hold, return.inspected
  boost::json::object payload;
};

struct print_request {
  std::string label;           // template name, or "zpl" for a ready-made label
  std::string reference;       // what the label is for (SSCC, RMA, ...)
  boost::json::object fields;  // template fields
  std::string zpl;             // for "zpl"
};

struct close_request {
  std::string order_id;
  int package = 0;
};

struct outcome {
  verdict result = verdict::ignored;
  message text;
  signal light = signal::none;
  bool buzz = false;
  std::vector<journal_event> events;
  std::vector<print_request> prints;
  std::optional<close_request> allocate_sscc; // the service allocates one and answers with sscc_input
};

// What the core may read besides its state.
struct context {
  const catalog& master;
  const workflow_rules& rules;
  std::int64_t now_ms = 0;   // wall clock, for sessions and timestamps
  std::string today;         // ISO date at the station, for expiry and return windows
  std::string station_id;
};

} // namespace stationd::workflow
