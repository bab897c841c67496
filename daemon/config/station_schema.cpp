#include "config/station_schema.hpp"

#include "log/log_level.hpp"

#include <chrono>

namespace stationd::config {

using namespace std::chrono_literals;
using k = key_spec;

namespace {

section_spec station_section() {
  return {"station", "Who this station is.", presence::always,
          {
              k::required("id", value_kind::string, "Station identifier, unique within the site; used in every event sent to central.")
                  .matching("[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                            "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
                  .restart(),
              k::string("name", "", "Human name shown in the station UI, e.g. \"Packing bench 7\"."),
              k::string("site", "", "Warehouse or site code, for reports."),
          },
          {}, {}, {}};
}

section_spec paths_section() {
  return {"paths", "Where state lives.", presence::always,
          {
              k::string("state_directory", "",
                        "Journal and keys. Empty: $STATE_DIRECTORY (set by systemd), else /var/lib/stationd.")
                  .matching("(/.*)?", "an absolute path or empty")
                  .restart(),
              k::string("runtime_directory", "",
                        "Control socket. Empty: $RUNTIME_DIRECTORY (set by systemd), else /run/stationd.")
                  .matching("(/.*)?", "an absolute path or empty")
                  .restart(),
          },
          {}, {}, {}};
}

section_spec log_section() {
  return {"log", "Logging to standard error.", presence::always,
          {
              k::string("level", "info", "Least severe level logged.")
                  .one_of({"trace", "debug", "info", "notice", "warning", "error", "critical"}),
              k::string("format", "auto", "journald: <N> priority prefixes; plain: timestamps; auto: journald when stderr is the journal.")
                  .one_of({"auto", "journald", "plain"}),
              k::strings("trace_devices", {}, "Devices whose raw bytes are logged at debug level (trace level logs all devices).")
                  .matching("[A-Za-z0-9][A-Za-z0-9._-]{0,63}", "a device name"),
          },
          {}, {}, {}};
}

section_spec journal_section() {
  return {"journal", "The durable event journal (SQLite, WAL, synchronous=FULL).", presence::always,
          {
              k::string("path", "journal.db", "Database file; relative paths are inside the state directory.")
                  .matching(".+", "a file name or path")
                  .restart(),
              k::integer("group_commit_max_rows", 1000, "Most appends committed in one transaction.").between(1, 100000),
              k::time_span("group_commit_delay", 0ms,
                           "Extra wait before a commit to gather more appends. 0: commit as soon as the disk is free.")
                  .between(0ms, 100ms),
              k::integer("max_size_mb", 0, "Largest database size in MiB before new work is refused. 0: no limit.")
                  .between(0, 1'048'576),
              k::string("integrity_check", "quick", "Check run at start: quick (PRAGMA quick_check), full (integrity_check), none.")
                  .one_of({"quick", "full", "none"})
                  .restart(),
          },
          {}, {}, {}};
}

section_spec control_section() {
  return {"control", "The control socket used by stationctl.", presence::always,
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
          },
          {}, {}, {}};
}

} // namespace

section_spec station_schema() {
  section_spec root{"", "", presence::always, {}, {}, {}, {}};
  root.sections.push_back(station_section());
  root.sections.push_back(paths_section());
  root.sections.push_back(log_section());
  root.sections.push_back(journal_section());
  root.sections.push_back(control_section());
  return root;
}

} // namespace stationd::config
