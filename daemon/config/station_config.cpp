#include "config/station_config.hpp"

#include "config/config_loader.hpp"
#include "config/station_schema.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stationd::config {
namespace {

std::filesystem::path first_directory(const std::string& from_config, const std::string& from_env,
                                      const char* fallback) {
  if (!from_config.empty()) return from_config;
  // systemd passes a colon-separated list when several directories are configured.
  if (!from_env.empty()) return from_env.substr(0, from_env.find(':'));
  return fallback;
}

std::filesystem::path inside(const std::filesystem::path& directory, const std::string& path) {
  const std::filesystem::path p{path};
  return p.is_absolute() ? p : directory / p;
}

scan_settings read_scan(const config_section& scan) {
  scan_settings s;
  s.command_prefix = scan.get_string("command_prefix");
  s.badge_pattern = scan.get_string("badge_pattern");
  s.location_pattern = scan.get_string("location_pattern");
  s.tote_pattern = scan.get_string("tote_pattern");
  s.order_pattern = scan.get_string("order_pattern");
  s.rma_pattern = scan.get_string("rma_pattern");
  s.sku_pattern = scan.get_string("sku_pattern");
  for (const auto& carrier : scan.entries("carrier")) {
    s.carriers.push_back({carrier.get_string("name"), carrier.get_string("pattern"), carrier.get_string("strip_prefix"),
                          carrier.get_string("strip_suffix")});
  }
  return s;
}

} // namespace

scan_settings default_scan_settings() {
  const auto schema = station_schema();
  const auto loaded = load_text("", "<defaults>", *schema.find_section("scan"));
  return read_scan(*loaded.root);
}

station_config_result load_station_config(const std::filesystem::path& file, const environment& env) {
  auto loaded = load_file(file, station_schema());
  station_config_result result;
  if (!loaded.root) {
    result.errors = std::move(loaded.errors);
    return result;
  }
  const auto& root = *loaded.root;
  station_config c;
  c.file = file;

  const auto& station = root.section("station");
  c.station_id = station.get_string("id");
  c.station_name = station.get_string("name");
  c.site = station.get_string("site");

  const auto& paths = root.section("paths");
  c.state_directory = first_directory(paths.get_string("state_directory"), env.state_directory, "/var/lib/stationd");
  c.runtime_directory = first_directory(paths.get_string("runtime_directory"), env.runtime_directory, "/run/stationd");

  const auto& log = root.section("log");
  c.log.level = *log::parse_level(log.get_string("level")); // one_of() guarantees a known level
  c.log.format = log.get_string("format");
  c.log.trace_devices = log.get_strings("trace_devices");

  const auto& journal = root.section("journal");
  c.journal.path = inside(c.state_directory, journal.get_string("path"));
  c.journal.group_commit_max_rows = static_cast<std::size_t>(journal.get_int("group_commit_max_rows"));
  c.journal.group_commit_delay = journal.get_duration("group_commit_delay");
  c.journal.max_size_bytes = static_cast<std::uint64_t>(journal.get_int("max_size_mb")) * 1024 * 1024;
  c.journal.integrity_check = journal.get_string("integrity_check");

  const auto& control = root.section("control");
  c.control.socket = inside(c.runtime_directory, control.get_string("socket"));
  // sockaddr_un holds 108 bytes with the terminating NUL; say so at -t, not at start-up.
  if (const auto length = c.control.socket.native().size(); length > 107) {
    // Point at what made it long: the socket key if the file sets it, else the directory.
    const bool socket_set = control.set_in_file("socket") || !paths.set_in_file("runtime_directory");
    const auto& e = socket_set ? control.entry("socket") : paths.entry("runtime_directory");
    result.errors.push_back({e.where, socket_set ? "control.socket" : "paths.runtime_directory", render(e.value),
                             fmt::format("the control socket path {} has {} bytes; a Unix socket path has at most 107",
                                         c.control.socket.string(), length)});
    return result;
  }
  c.control.socket_mode = static_cast<mode_t>(std::stoul(control.get_string("socket_mode"), nullptr, 8));
  c.control.max_request_bytes = static_cast<std::size_t>(control.get_int("max_request_bytes"));
  c.control.max_clients = static_cast<std::size_t>(control.get_int("max_clients"));
  c.control.idle_timeout = control.get_duration("idle_timeout");

  c.scan = read_scan(root.section("scan"));

  if (const auto* central = root.find_section("central")) {
    central_settings s;
    s.endpoint = central->get_string("endpoint");
    s.server_public_key = central->get_string("server_public_key");
    s.insecure = central->get_bool("insecure");
    s.outbox_alarm_after =
        std::chrono::duration_cast<std::chrono::milliseconds>(central->get_duration("outbox_alarm_after"));
    s.batch = static_cast<std::size_t>(central->get_int("batch"));
    s.key_directory = c.state_directory / "curve";
    c.central = s;
  }
  if (const auto* sscc = root.find_section("sscc")) {
    sscc_settings s;
    s.company_prefix = sscc->get_string("company_prefix");
    s.extension_digit = static_cast<int>(sscc->get_int("extension_digit"));
    s.first_serial = static_cast<std::uint64_t>(sscc->get_int("first_serial"));
    s.last_serial = static_cast<std::uint64_t>(sscc->get_int("last_serial"));
    s.warn_below = static_cast<std::uint64_t>(sscc->get_int("warn_below"));
    if (s.last_serial == 0) s.last_serial = static_cast<std::uint64_t>(sscc_serial_capacity(s.company_prefix.size()));
    c.sscc = s;
  }

  for (const auto& d : root.entries("device")) {
    c.devices.push_back({d.get_string("name"), d.get_string("class"), d.get_string("driver"), d.get_bool("enabled"),
                         d.get_duration("reconnect_initial"), d.get_duration("reconnect_max"), d.get_duration("io_timeout"),
                         d});
  }
  c.config_directory = file.parent_path();
  const auto& wf = root.section("workflow");
  c.workflow.language = wf.get_string("language");
  c.workflow.idle_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(wf.get_duration("idle_timeout"));
  c.workflow.min_shelf_life_days = wf.get_int("min_shelf_life_days");
  c.workflow.weight_tolerance_g = wf.get_int("weight_tolerance_g");
  c.workflow.weight_tolerance_percent = wf.get_float("weight_tolerance_percent");
  c.workflow.min_weight_g = wf.get_int("min_weight_g");
  c.workflow.max_quantity_per_scan = wf.get_int("max_quantity_per_scan");
  c.workflow.return_window_days = wf.get_int("return_window_days");
  c.workflow.return_packaging_g = wf.get_int("return_packaging_g");
  c.workflow.return_weight_tolerance_g = wf.get_int("return_weight_tolerance_g");
  c.workflow.return_weight_tolerance_percent = wf.get_float("return_weight_tolerance_percent");
  c.workflow.short_reasons = wf.get_strings("short_reasons");
  c.workflow.grade_reasons = wf.get_strings("grade_reasons");
  for (const auto& d : wf.entries("disposition")) {
    c.workflow.dispositions.push_back(
        {d.get_string("grade"), d.get_string("category"), d.get_string("disposition"), d.get_string("location")});
  }
  if (const auto md = wf.get_string("master_data"); !md.empty()) c.workflow.master_data = inside(c.config_directory, md);

  if (const auto* http = root.find_section("http")) {
    http_settings h;
    const auto listen = http->get_string("listen");
    const auto colon = listen.rfind(':');
    h.address = listen.substr(0, colon);
    if (h.address.size() >= 2 && h.address.front() == '[') h.address = h.address.substr(1, h.address.size() - 2);
    h.port = static_cast<unsigned short>(std::stoul(listen.substr(colon + 1)));
    const auto ui = http->get_string("ui_directory");
    h.ui_directory = ui.empty() ? std::filesystem::path{STATIOND_UI_DIRECTORY} : inside(c.config_directory, ui);
    if (std::error_code ec; !std::filesystem::is_regular_file(h.ui_directory / "index.html", ec)) {
      const auto& e = http->entry("ui_directory");
      result.errors.push_back({e.where, "http.ui_directory", render(e.value),
                               fmt::format("{} holds no index.html (the station UI's files, station-ui/ in the source)",
                                           h.ui_directory.string())});
      return result;
    }
    h.public_metrics = http->get_bool("public_metrics");
    h.max_connections = static_cast<std::size_t>(http->get_int("max_connections"));
    h.max_websocket_clients = static_cast<std::size_t>(http->get_int("max_websocket_clients"));
    h.max_body_bytes = static_cast<std::size_t>(http->get_int("max_body_bytes"));
    h.max_header_bytes = static_cast<std::size_t>(http->get_int("max_header_bytes"));
    h.request_timeout = http->get_duration("request_timeout");
    h.idle_timeout = http->get_duration("idle_timeout");
    h.changes_retention = http->get_duration("changes_retention");
    for (const auto& t : http->entries("token")) {
      h.tokens.push_back({t.get_string("name"), t.get_string("token"), t.get_strings("scopes"), t.get_strings("clients"),
                          t.get_int("rate_per_minute"), t.get_int("burst")});
    }
    c.http = std::move(h);
  }

  const auto& labels = root.section("labels");
  c.labels.directory = inside(c.config_directory, labels.get_string("directory"));
  c.labels.printer = labels.get_string("printer");
  c.labels.ship_from = labels.get_string("ship_from");
  if (!c.labels.printer.empty()) {
    const auto named = std::find_if(c.devices.begin(), c.devices.end(),
                                    [&](const device_config& d) { return d.name == c.labels.printer; });
    if (named == c.devices.end() || named->device_class != "printer") {
      const auto& e = labels.entry("printer");
      result.errors.push_back({e.where, "labels.printer", render(e.value),
                               named == c.devices.end()
                                   ? "no [[device]] has this name"
                                   : fmt::format("device {} is a {}, not a printer", named->name, named->device_class)});
      return result;
    }
  }

  c.tree = std::move(loaded.root).value();
  result.config = std::move(c);
  return result;
}

} // namespace stationd::config
