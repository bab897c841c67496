#include "config/station_schema.hpp"

#include "config/config_section.hpp"
#include "config/device_schema.hpp"

#include "log/log_level.hpp"

#include <fmt/format.h>

#include <chrono>
#include <regex>

namespace stationd::config {

using namespace std::chrono_literals;
using k = key_spec;

namespace {

section_spec station_section() {
  return section_spec::make("station", "Who this station is.", presence::always,
          {
              k::required("id", value_kind::string, "Station identifier, unique within the site; used in every event sent to central.")
                  .matching("[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                            "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
                  .restart(),
              k::string("name", "", "Human name shown in the station UI, e.g. \"Packing bench 7\"."),
              k::string("site", "", "Warehouse or site code, for reports."),
          });
}

section_spec paths_section() {
  return section_spec::make("paths", "Where state lives.", presence::always,
          {
              k::string("state_directory", "",
                        "Journal and keys. Empty: $STATE_DIRECTORY (set by systemd), else /var/lib/stationd.")
                  .matching("(/.*)?", "an absolute path or empty")
                  .restart(),
              k::string("runtime_directory", "",
                        "Control socket. Empty: $RUNTIME_DIRECTORY (set by systemd), else /run/stationd.")
                  .matching("(/.*)?", "an absolute path or empty")
                  .restart(),
          });
}

section_spec log_section() {
  return section_spec::make("log", "Logging to standard error.", presence::always,
          {
              k::string("level", "info", "Least severe level logged.")
                  .one_of({"trace", "debug", "info", "notice", "warning", "error", "critical"}),
              k::string("format", "auto", "journald: <N> priority prefixes; plain: timestamps; auto: journald when stderr is the journal.")
                  .one_of({"auto", "journald", "plain"}),
              k::strings("trace_devices", {}, "Devices whose raw bytes are logged at debug level (trace level logs all devices).")
                  .matching("[A-Za-z0-9][A-Za-z0-9._-]{0,63}", "a device name"),
          });
}

section_spec journal_section() {
  return section_spec::make("journal", "The durable event journal (SQLite, WAL, synchronous=FULL).", presence::always,
          {
              k::string("path", "journal.db", "Database file; relative paths are inside the state directory.")
                  .matching(".+", "a file name or path")
                  .restart(),
              k::integer("group_commit_max_rows", 1000, "Most appends committed in one transaction.").between(1, 100000).restart(),
              k::time_span("group_commit_delay", 0ms,
                           "Extra wait before a commit to gather more appends. 0: commit as soon as the disk is free.")
                  .between(0ms, 100ms)
                  .restart(),
              k::integer("max_size_mb", 0, "Largest database size in MiB before new work is refused. 0: no limit.")
                  .between(0, 1'048'576)
                  .restart(),
              k::string("integrity_check", "quick", "Check run at start: quick (PRAGMA quick_check), full (integrity_check), none.")
                  .one_of({"quick", "full", "none"})
                  .restart(),
          });
}

section_spec control_section() {
  return section_spec::make("control", "The control socket used by stationctl.", presence::always,
          {
              k::string("socket", "control.sock", "Unix socket path; relative paths are inside the runtime directory.")
                  .matching(".+", "a file name or path")
                  .restart(),
              k::string("socket_mode", "0660", "Permissions of the socket file (octal).")
                  .matching("0?[0-7]{3}", "an octal file mode such as \"0660\"")
                  .restart(),
              k::integer("max_request_bytes", 65536, "Longest request line accepted.").between(256, 16 * 1024 * 1024),
              k::integer("max_clients", 16, "Most connections at once; more are refused.").between(1, 1024),
              k::time_span("idle_timeout", 5min, "A connection that sends nothing for this long is closed (subscribers excepted).")
                  .between(1s, 24h),
          });
}

// Site patterns are regular expressions; a broken one is a configuration error,
// not a surprise at the first scan.
std::optional<std::string> valid_regex(const config_value& v) {
  try {
    std::regex{std::get<std::string>(v), std::regex::ECMAScript};
  } catch (const std::regex_error& e) {
    return fmt::format("not a valid regular expression ({})", e.what());
  }
  return std::nullopt;
}

key_spec pattern_key(std::string name, std::string def, std::string help) {
  return k::string(std::move(name), std::move(def), std::move(help)).checked(valid_regex);
}

section_spec scan_section() {
  auto carrier = section_spec::make("carrier", "A carrier's tracking numbers.", presence::repeated,
                       {
                           k::required("name", value_kind::string, "Carrier name reported with the tracking number.")
                               .matching("[A-Za-z0-9][A-Za-z0-9._-]{0,31}", "1 to 32 letters, digits, '.', '_' or '-'")
                               .distinct(),
                           k::required("pattern", value_kind::string,
                                       "Regular expression the cleaned tracking number must match as a whole.")
                               .checked(valid_regex),
                           pattern_key("strip_prefix", "", "Regular expression removed from the start of the scan first."),
                           pattern_key("strip_suffix", "", "Regular expression removed from the end of the scan first."),
                       });
  return section_spec::make("scan", "How scans are classified. Patterns are ECMAScript regular expressions matching the whole scan.",
          presence::always,
          {
              k::string("command_prefix", "CMD-", "Scans starting with this are station commands, e.g. CMD-LOGOUT. Empty: none."),
              pattern_key("badge_pattern", "", "Operator badges. Empty: none."),
              pattern_key("location_pattern", "", "Storage locations."),
              pattern_key("tote_pattern", "", "Totes and containers."),
              pattern_key("order_pattern", "", "Order numbers."),
              pattern_key("rma_pattern", "", "Return authorisations (RMA)."),
              pattern_key("sku_pattern", "", "Internal SKUs, treated as products."),
          },
          {std::move(carrier)});
}

section_spec sscc_section() {
  auto s = section_spec::make("sscc", "Serial Shipping Container Codes for this station's packages.", presence::optional,
                 {
                     k::required("company_prefix", value_kind::string, "GS1 Company Prefix, 6 to 12 digits.")
                         .matching("[0-9]{6,12}", "6 to 12 digits"),
                     k::integer("extension_digit", 0, "Extension digit, 0-9, chosen by the company (e.g. per station).")
                         .between(0, 9),
                     k::integer("first_serial", 0, "First serial reference this station may use.").between(0, 9'999'999'999),
                     k::integer("last_serial", 0, "Last serial reference; 0: the largest that fits the prefix.")
                         .between(0, 9'999'999'999),
                     k::integer("warn_below", 1000, "Raise an alarm when fewer serials than this are left.")
                         .between(0, 1'000'000'000),
                 });
  s.validate = [](const config_section& sscc) {
    std::vector<section_problem> problems;
    const auto capacity = sscc_serial_capacity(sscc.get_string("company_prefix").size());
    const auto first = sscc.get_int("first_serial");
    const auto last = sscc.get_int("last_serial") == 0 ? capacity : sscc.get_int("last_serial");
    if (sscc.get_int("last_serial") > capacity) {
      problems.push_back({"last_serial", fmt::format("a {}-digit company prefix leaves room for serials up to {}",
                                                     sscc.get_string("company_prefix").size(), capacity)});
    } else if (first > last) {
      problems.push_back({"first_serial", fmt::format("must not be above last_serial ({})", last)});
    }
    return problems;
  };
  return s;
}

section_spec labels_section() {
  return section_spec::make(
      "labels", "Label templates and printing.", presence::always,
      {
          k::string("directory", "labels", "Label templates (<name>.zpl); a relative path is next to this file.")
              .matching(".+", "a directory"),
          k::string("printer", "", "The printer (a [[device]] of class printer) labels go to; empty: the only printer."),
          k::string("ship_from", "", "Sender text on GS1 logistic labels, e.g. \"Warehouse 4, Dock 2\"."),
      });
}

section_spec central_section() {
  auto s = section_spec::make(
      "central", "The link to the central order system (docs/protocol.md). Absent: the station works alone.",
      presence::optional,
      {
          k::required("endpoint", value_kind::string, "Central's ZeroMQ endpoint, e.g. \"tcp://central.example:5570\".")
              .matching("tcp://.+:[0-9]{1,5}", "tcp://HOST:PORT")
              .restart(),
          k::string("server_public_key", "", "Central's CURVE public key (40 characters, Z85), pinned.")
              .matching("([0-9A-Za-z.:+=^!/*?&<>()\\[\\]{}@%$#-]{40})?", "40 Z85 characters")
              .restart(),
          k::boolean("insecure", false, "Plain TCP without CURVE: development only; warned about at every start.")
              .restart(),
          k::time_span("outbox_alarm_after", 10min, "Raise an alarm when an event has waited this long for central.")
              .between(1s, 24h * 30),
          k::integer("batch", 500, "Most events in one EVENTS message.").between(1, 10000).restart(),
      });
  s.validate = [](const config_section& central) {
    std::vector<section_problem> problems;
    if (!central.get_bool("insecure") && central.get_string("server_public_key").empty()) {
      problems.push_back({"server_public_key", "required unless insecure = true (CURVE needs central's public key)"});
    }
    return problems;
  };
  return s;
}

section_spec http_section() {
  auto token = section_spec::make(
      "token", "A bearer token for the HTTP API (docs/api.md).", presence::repeated,
      {
          k::required("name", value_kind::string, "Who holds it; named in logs, never the secret.")
              .matching("[A-Za-z0-9][A-Za-z0-9._-]{0,63}", "1 to 64 letters, digits, '.', '_' or '-'")
              .distinct(),
          k::required("token", value_kind::string, "The secret: 24 to 256 characters (letters, digits, - . _ ~ + /).")
              .matching("[A-Za-z0-9._~+/-]{24,256}", "24 to 256 letters, digits or - . _ ~ + /")
              .distinct()
              .secret(),
          k::strings("scopes", {"3pl:read"}, "What it may do: 3pl:read, operator, admin.")
              .one_of({"3pl:read", "operator", "admin"})
              .checked([](const config_value& v) -> std::optional<std::string> {
                if (std::get<std::vector<std::string>>(v).empty()) return "a token needs at least one scope";
                return std::nullopt;
              }),
          k::strings("clients", {}, "Merchants (client_id) whose orders it sees; empty: all.")
              .matching("[^\\x00-\\x1f']{1,64}", "1 to 64 characters, no quote or control character"),
          k::integer("rate_per_minute", 600, "Requests per minute it may make on average.").between(1, 1'000'000),
          k::integer("burst", 60, "Requests it may make at once.").between(1, 100'000),
      });
  auto s = section_spec::make(
      "http", "The station UI, its WebSocket, the 3PL status API and /metrics (docs/api.md). Absent: no HTTP.",
      presence::optional,
      {
          k::string("listen", "127.0.0.1:8080", "Address and port: \"127.0.0.1:8080\", \"0.0.0.0:8080\", \"[::1]:8080\".")
              .matching("(\\[[0-9A-Fa-f:.]+\\]|[0-9.]+):[0-9]{1,5}", "ADDRESS:PORT with a numeric address")
              .checked([](const config_value& v) -> std::optional<std::string> {
                const auto& text = std::get<std::string>(v);
                const auto colon = text.rfind(':');
                if (colon == std::string::npos || colon + 1 >= text.size() || text.size() - colon > 6) return std::nullopt;
                if (std::stoul(text.substr(colon + 1)) > 65535) return "the port must be from 0 to 65535 (0: any free port)";
                return std::nullopt;
              })
              .restart(),
          k::string("ui_directory", "", "The station UI's files; relative to this file. Empty: the installed UI.")
              .restart(),
          k::boolean("public_metrics", true, "GET /metrics without a token; false: it needs the admin scope."),
          k::integer("max_connections", 64, "Most HTTP connections at once; more get 503.").between(1, 10000),
          k::integer("max_websocket_clients", 8, "Most WebSocket clients at once.").between(1, 1000),
          k::integer("max_body_bytes", 65536, "Largest request body.").between(256, 16 * 1024 * 1024),
          k::integer("max_header_bytes", 8192, "Largest request line and headers together.").between(1024, 65536),
          k::time_span("request_timeout", 10s, "Time to receive a whole request.").between(1s, 5min),
          k::time_span("idle_timeout", 60s, "A kept-alive connection idle this long is closed.").between(1s, 1h),
          k::time_span("changes_retention", 24h * 30, "Changes kept for /api/v1/changes; older cursors get 410.")
              .between(1h, 24h * 365),
      },
      {std::move(token)});
  return s;
}

section_spec workflow_section() {
  auto disposition = section_spec::make(
      "disposition", "Where a returned item goes, by grade and product category; the first matching rule wins.",
      presence::repeated,
      {
          k::required("grade", value_kind::string, "Condition grade.").one_of({"A", "B", "C", "D"}),
          k::string("category", "", "Product category from master data; empty: any."),
          k::required("disposition", value_kind::string, "What happens to the item.")
              .one_of({"RESTOCK", "REFURBISH", "QUARANTINE", "RETURN_TO_VENDOR", "SCRAP"}),
          k::string("location", "", "Where the item is taken, e.g. a restock location."),
      });
  return section_spec::make(
      "workflow", "Pick, pack, ship and return rules (docs/workflows.md).", presence::always,
      {
          k::string("language", "sv", "Language for operators whose master data names none.").one_of({"sv", "en"}),
          k::time_span("idle_timeout", 15min, "An operator idle this long is logged out.").between(1min, 24h),
          k::integer("min_shelf_life_days", 30, "Days of shelf life a picked unit must have left (a product may say otherwise).")
              .between(0, 3650),
          k::integer("weight_tolerance_g", 50, "A package may weigh this much off its expected weight...").between(0, 100000),
          k::floating("weight_tolerance_percent", 5.0, "...or this percentage of it, whichever is larger.").between_real(0.0, 100.0),
          k::integer("min_weight_g", 20, "Settled weights below this are an empty scale, not a package.").between(0, 100000),
          k::integer("max_quantity_per_scan", 999, "Most units one item scan may count for.").between(1, 100000),
          k::integer("return_window_days", 30, "Days after shipping (or delivery) a return is accepted without a flag.")
              .between(0, 3650),
          k::integer("return_packaging_g", 150, "What a returned parcel weighs besides its items.").between(0, 100000),
          k::integer("return_weight_tolerance_g", 100, "A returned parcel may weigh this much off...").between(0, 100000),
          k::floating("return_weight_tolerance_percent", 10.0, "...or this percentage, whichever is larger.")
              .between_real(0.0, 100.0),
          k::strings("short_reasons", {"NOT_FOUND", "DAMAGED", "WRONG_QUANTITY"}, "Reasons a picker may give for a short pick.")
              .matching("[A-Z][A-Z0-9_]{0,31}", "an upper-case code"),
          k::strings("grade_reasons",
                     {"AS_NEW", "PACKAGING_DAMAGED", "MISSING_ACCESSORIES", "USED", "COSMETIC_DAMAGE", "DEFECTIVE", "HYGIENE"},
                     "Reason codes a returns clerk may give with a grade.")
              .matching("[A-Z][A-Z0-9_]{0,31}", "an upper-case code"),
          k::string("master_data", "", "Master data (JSON) loaded at start when the journal has none; relative to this file.")
              .restart(),
      },
      {std::move(disposition)});
}

} // namespace

std::int64_t sscc_serial_capacity(std::size_t prefix_length) {
  std::int64_t capacity = 1;
  for (std::size_t i = prefix_length + 1; i < 17; ++i) capacity *= 10;
  return capacity - 1;
}

section_spec station_schema() {
  auto root = section_spec::make("", "", presence::always, {});
  root.sections.push_back(station_section());
  root.sections.push_back(paths_section());
  root.sections.push_back(log_section());
  root.sections.push_back(journal_section());
  root.sections.push_back(control_section());
  root.sections.push_back(scan_section());
  root.sections.push_back(sscc_section());
  root.sections.push_back(labels_section());
  root.sections.push_back(workflow_section());
  root.sections.push_back(central_section());
  root.sections.push_back(http_section());
  root.sections.push_back(device_section());
  return root;
}

} // namespace stationd::config
