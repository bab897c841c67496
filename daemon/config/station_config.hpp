#pragma once

#include "config/config_error.hpp"
#include "config/config_section.hpp"
#include "log/log_level.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stationd::config {

// What the process environment contributes to path defaults; main() reads it.
struct environment {
  std::string state_directory;   // $STATE_DIRECTORY (systemd StateDirectory=)
  std::string runtime_directory; // $RUNTIME_DIRECTORY (systemd RuntimeDirectory=)
};

struct log_settings {
  log::level level = log::level::info;
  std::string format; // auto, journald, plain
  std::vector<std::string> trace_devices;
};

struct journal_settings {
  std::filesystem::path path;
  std::size_t group_commit_max_rows = 1000;
  std::chrono::milliseconds group_commit_delay{0};
  std::uint64_t max_size_bytes = 0; // 0: unlimited
  std::string integrity_check;      // quick, full, none
};

struct control_settings {
  std::filesystem::path socket;
  mode_t socket_mode = 0660;
  std::size_t max_request_bytes = 65536;
  std::size_t max_clients = 16;
  std::chrono::milliseconds idle_timeout{300000};
};

struct carrier_settings {
  std::string name;
  std::string pattern;
  std::string strip_prefix;
  std::string strip_suffix;
};

// [scan]: site patterns for classifying scans (validated regular expressions).
struct scan_settings {
  std::string command_prefix;
  std::string badge_pattern;
  std::string location_pattern;
  std::string tote_pattern;
  std::string order_pattern;
  std::string rma_pattern;
  std::string sku_pattern;
  std::vector<carrier_settings> carriers;
};

// [sscc]: where this station's SSCC serial references come from.
struct sscc_settings {
  std::string company_prefix;
  int extension_digit = 0;
  std::uint64_t first_serial = 0;
  std::uint64_t last_serial = 0; // resolved: never 0 here
  std::uint64_t warn_below = 1000;
};

// [labels]
struct labels_settings {
  std::filesystem::path directory; // resolved against the configuration file's directory
  std::string printer;             // empty: the only printer
  std::string ship_from;
};

// [[workflow.disposition]]
struct disposition_settings {
  std::string grade;
  std::string category;
  std::string disposition;
  std::string location;
};

// [workflow]: the rules of the pick, pack, ship and return workflows.
struct workflow_settings {
  std::string language = "sv";
  std::chrono::milliseconds idle_timeout{15 * 60 * 1000};
  std::int64_t min_shelf_life_days = 30;
  std::int64_t weight_tolerance_g = 50;
  double weight_tolerance_percent = 5.0;
  std::int64_t min_weight_g = 20;
  std::int64_t max_quantity_per_scan = 999;
  std::int64_t return_window_days = 30;
  std::int64_t return_packaging_g = 150;
  std::int64_t return_weight_tolerance_g = 100;
  double return_weight_tolerance_percent = 10.0;
  std::vector<std::string> short_reasons;
  std::vector<std::string> grade_reasons;
  std::vector<disposition_settings> dispositions; // empty: the built-in grade table
  std::filesystem::path master_data;              // empty: none
};

// [central]: the sync link (docs/protocol.md).
struct central_settings {
  std::string endpoint;
  std::string server_public_key; // Z85; empty only when insecure
  bool insecure = false;
  std::chrono::milliseconds outbox_alarm_after{10 * 60 * 1000};
  std::size_t batch = 500;
  std::filesystem::path key_directory; // <state_directory>/curve: station.key, station.pub
};

// One [[http.token]]: a bearer token with scopes (docs/api.md).
struct http_token_settings {
  std::string name;
  std::string token;
  std::vector<std::string> scopes;  // 3pl:read, operator, admin
  std::vector<std::string> clients; // empty: every merchant
  std::int64_t rate_per_minute = 600;
  std::int64_t burst = 60;
};

// [http]: the station UI, the WebSocket, the 3PL status API, /metrics.
struct http_settings {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  std::filesystem::path ui_directory;
  bool public_metrics = true;
  std::size_t max_connections = 64;
  std::size_t max_websocket_clients = 8;
  std::size_t max_body_bytes = 65536;
  std::size_t max_header_bytes = 8192;
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds changes_retention{30LL * 24 * 3600 * 1000};
  std::vector<http_token_settings> tokens;
};

// One [[device]]. The driver reads its own keys from `settings`.
struct device_config {
  std::string name;
  std::string device_class; // scanner, scale, light
  std::string driver;
  bool enabled = true;
  std::chrono::milliseconds reconnect_initial{1000};
  std::chrono::milliseconds reconnect_max{30000};
  std::chrono::milliseconds io_timeout{1000};
  config_section settings;
};

// The validated configuration, as typed settings per component. `tree` keeps the
// raw validated values for reload comparisons and for components that read their
// own sections (devices, labels).
struct station_config {
  std::filesystem::path file;
  config_section tree;

  std::string station_id;
  std::string station_name;
  std::string site;
  std::filesystem::path state_directory;
  std::filesystem::path runtime_directory;
  log_settings log;
  journal_settings journal;
  control_settings control;
  scan_settings scan;
  std::optional<sscc_settings> sscc; // absent: this station allocates no SSCCs
  labels_settings labels;
  workflow_settings workflow;
  std::optional<central_settings> central; // absent: no sync
  std::optional<http_settings> http;       // absent: no HTTP server
  std::vector<device_config> devices;
  std::filesystem::path config_directory; // the configuration file's directory (profiles, templates)
};

struct station_config_result {
  std::optional<station_config> config;
  config_errors errors;
};

station_config_result load_station_config(const std::filesystem::path& file, const environment& env);

// [scan] with every key at its default, for tools that run without a configuration file.
scan_settings default_scan_settings();

} // namespace stationd::config
