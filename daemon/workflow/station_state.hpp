#pragma once

#include <boost/describe/class.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

// Everything the station's workflows remember between two inputs. It is
// journaled (as JSON, in the transaction of the step that produced it) after
// every accepted step, so a restarted stationd resumes at the same step with the
// same progress. Plain data: the workflow core changes it, nothing else does.
namespace stationd::workflow {

// One unit scanned in a workflow, with what its barcode said.
struct captured_unit {
  int line = 0;            // the order line it counts for
  std::string gtin;
  std::string lot;         // (10), may be empty
  std::string serial;      // (21), may be empty
  std::string expiry;      // (17) as an ISO date, may be empty
  std::string substitute_for; // GTIN of the ordered product it replaces, empty if none
};
BOOST_DESCRIBE_STRUCT(captured_unit, (), (line, gtin, lot, serial, expiry, substitute_for))

struct session_state {
  std::string badge;
  std::string name;
  std::string role;      // operator or supervisor
  std::string language;  // sv or en
  std::int64_t started_ms = 0;
  std::int64_t last_activity_ms = 0;
};
BOOST_DESCRIBE_STRUCT(session_state, (), (badge, name, role, language, started_ms, last_activity_ms))

// A step that needs a supervisor: the operator asked, a supervisor's badge and a
// reason complete it (journaled as supervisor.override).
struct override_request {
  std::string what;       // pack.weight, pick.expired, ...
  std::string detail;     // what is being overridden, for the journal and the screen
  std::string supervisor; // badge, once scanned
};
BOOST_DESCRIBE_STRUCT(override_request, (), (what, detail, supervisor))

// ---- pick --------------------------------------------------------------------
struct pick_line_state {
  int line = 0;
  std::string gtin;
  std::int64_t quantity = 0;
  std::string location;
  std::int64_t picked = 0;
  std::int64_t short_quantity = 0;
  std::string short_reason;
  std::vector<captured_unit> units;
};
BOOST_DESCRIBE_STRUCT(pick_line_state, (), (line, gtin, quantity, location, picked, short_quantity, short_reason, units))

struct pick_task {
  std::string order_id;
  std::string tote;
  std::string step;           // tote, location, item, quantity
  std::size_t current = 0;    // index into lines
  std::optional<captured_unit> pending; // an item scanned, waiting for its quantity
  std::vector<pick_line_state> lines;
};
BOOST_DESCRIBE_STRUCT(pick_task, (), (order_id, tote, step, current, pending, lines))

// ---- pack and ship ------------------------------------------------------------
struct package_state {
  int number = 0;             // 1, 2, ... within the order
  std::string sscc;           // once the package is closed
  std::string carton;
  std::int64_t tare_g = 0;
  std::vector<captured_unit> units;
  std::int64_t expected_g = 0;
  std::int64_t measured_g = -1; // -1: not weighed
  std::string state = "OPENED"; // OPENED, SEALED, LABELED, LOADED, VOIDED
  std::string override_by;      // a supervisor accepted a weight outside the tolerance
  std::string override_reason;
  std::int64_t label_job = 0;
};
BOOST_DESCRIBE_STRUCT(package_state, (), (number, sscc, carton, tare_g, units, expected_g, measured_g, state,
                                          override_by, override_reason, label_job))

struct pack_task {
  std::string order_id;
  std::string tote;
  std::string step; // carton, items, weigh, weight_mismatch, closing
};
BOOST_DESCRIBE_STRUCT(pack_task, (), (order_id, tote, step))

struct ship_task {
  std::string order_id; // the order whose packages are being loaded, empty before the first scan
};
BOOST_DESCRIBE_STRUCT(ship_task, (), (order_id))

// The station's view of an order it has worked on (docs/workflows.md has the states).
struct order_progress {
  std::string order_id;
  std::string state = "READY"; // READY, IN_PROGRESS, ON_HOLD, EXCEPTION, SHIPPED, CANCELLED
  std::string step;            // PICKING, PICKED, PACKING, PACKED, LABELED, LOADED
  std::string hold_reason;     // SHORT_PICK, FRAUD_REVIEW, CUSTOMS_NOT_RELEASED, ...
  std::string tote;
  std::vector<pick_line_state> picked;
  std::vector<package_state> packages;
};
BOOST_DESCRIBE_STRUCT(order_progress, (), (order_id, state, step, hold_reason, tote, picked, packages))

// ---- returns -----------------------------------------------------------------
// One unit taken out of a returned parcel, with what becomes of it.
struct returned_unit {
  int line = 0;                   // the order line it returns; 0: not on the order
  std::string gtin;
  std::string serial;
  std::string lot;
  std::string disposition;        // RESTOCK, REFURBISH, QUARANTINE, RETURN_TO_VENDOR, SCRAP (once graded)
  std::string location;           // where it goes, may be empty
  std::string disposition_reason; // RULE, NOT_RETURNABLE, MISMATCH, NO_RULE, OPERATOR, SUPERVISOR
};
BOOST_DESCRIBE_STRUCT(returned_unit, (), (line, gtin, serial, lot, disposition, location, disposition_reason))

// Something about a returned parcel that does not match what was authorised or
// shipped: evidence for central, which decides the refund.
struct return_mismatch {
  std::string code;           // OUTSIDE_WINDOW, WEIGHT_LOW, WEIGHT_HIGH, ITEM_NOT_ON_ORDER,
                              // QUANTITY_EXCEEDED, SERIAL_MISMATCH, MISSING_ITEMS
  int line = 0;               // the order line concerned, 0: none
  std::string gtin;
  std::string serial;
  std::int64_t expected = 0;  // grams, units or window days, by code
  std::int64_t actual = 0;    // measured grams, units received or days since the base date
  std::int64_t tolerance = 0; // grams (weight codes)
  std::string since;          // the base date (OUTSIDE_WINDOW)
};
BOOST_DESCRIBE_STRUCT(return_mismatch, (), (code, line, gtin, serial, expected, actual, tolerance, since))

// A disposition change waiting for a supervisor (moving units out of quarantine).
struct disposition_change {
  int unit = 0; // 1-based index into the units, 0: every unit
  std::string disposition;
  std::string location;
};
BOOST_DESCRIBE_STRUCT(disposition_change, (), (unit, disposition, location))

struct return_task {
  std::string rma;
  std::string order_id;
  std::string scanned_as; // rma, order or tracking
  std::string step;       // weigh, items, grade, confirm
  std::vector<returned_unit> units;
  std::int64_t expected_g = 0;
  std::int64_t tolerance_g = 0;
  std::int64_t measured_g = -1;
  std::vector<return_mismatch> mismatches;
  std::string grade;                   // A, B, C, D
  std::vector<std::string> reason_codes;
  std::optional<disposition_change> pending_disposition;
  std::string override_by;             // a supervisor moved units out of quarantine
  std::string override_reason;
};
BOOST_DESCRIBE_STRUCT(return_task, (), (rma, order_id, scanned_as, step, units, expected_g, tolerance_g, measured_g,
                                        mismatches, grade, reason_codes, pending_disposition, override_by,
                                        override_reason))

struct return_progress {
  std::string rma;
  std::string state = "EXPECTED"; // EXPECTED, ARRIVED, INSPECTING, INSPECTED, ACTION_REQUIRED, COMPLETED
  std::map<std::string, std::int64_t> returned; // per order line ("3") accepted at this station
  std::vector<std::string> serials;             // serials received at this station
};
BOOST_DESCRIBE_STRUCT(return_progress, (), (rma, state, returned, serials))

struct station_state {
  std::optional<session_state> session;
  std::string mode = "idle"; // idle, pick, pack, ship, return
  std::optional<pick_task> pick;
  std::optional<pack_task> pack;
  std::optional<ship_task> ship;
  std::optional<return_task> ret;
  std::optional<override_request> pending_override;
  std::map<std::string, order_progress> orders;   // by order id
  std::map<std::string, return_progress> returns; // by RMA
  std::map<std::string, std::string> packages;    // SSCC -> order id
  std::vector<std::string> finished;              // shipped/cancelled orders still kept, oldest first
  std::uint64_t steps = 0;                        // accepted steps so far
};
BOOST_DESCRIBE_STRUCT(station_state, (), (session, mode, pick, pack, ship, ret, pending_override, orders, returns,
                                          packages, finished, steps))

} // namespace stationd::workflow
