#include "api/metrics.hpp"
#include <fmt/format.h>
#include <charconv>
#include <optional>

namespace stationd::api {
namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return {};
  if (v->is_string()) return std::string{v->get_string()};
  if (v->is_bool()) return v->get_bool() ? "true" : "false";
  return {};
}

std::string label_text(const std::map<std::string, std::string>& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += fmt::format("{}=\"{}\"", k, escape_label(v));
  }
  return out + "}";
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

template <typename Map>
void counter(std::string& out, std::string_view name, std::string_view help, const Map& values) {
  family(out, name, "counter", help);
  for (const auto& [labels, n] : values) out += fmt::format("{}{} {}\n", name, label_text(labels), n);
}

// A variable as a number: integers, reals and decimal strings ("1.522").
std::optional<double> number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  if (v.is_string()) {
    const auto s = v.get_string();
    double d = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc{} && end == s.data() + s.size()) return d;
  }
  return std::nullopt;
}

std::string_view before(std::string_view name, std::string_view suffix) {
  return name.substr(0, name.size() - suffix.size());
}

} // namespace

std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void station_metrics::observe(std::string_view event_class, const json::object& e) {
  if (event_class == "scan") {
    const auto* ok = e.if_contains("ok");
    ++scans_[{{"device", text(e, "device")}, {"result", ok && ok->is_bool() && ok->get_bool() ? "ok" : "error"}}];
  } else if (event_class == "station") {
    const auto verdict = text(e, "verdict");
    ++decisions_[{{"result", verdict}}];
    if (verdict == "refused") {
      std::string id;
      if (const auto* m = e.if_contains("message"); m && m->is_object()) id = text(m->get_object(), "id");
      ++rejections_[{{"message", id}}];
    }
  } else if (event_class == "weight") {
    if (text(e, "state").empty() && !e.contains("weight")) return;
    const auto* w = e.if_contains("weight");
    if (!w || w->is_null()) return;
    ++weights_[{{"device", text(e, "device")}, {"stable", text(e, "stable")}}];
  } else if (event_class == "print") {
    ++print_jobs_[{{"printer", text(e, "printer")}, {"state", text(e, "state")}}];
  } else if (event_class == "alarm") {
    ++alarms_[{{"name", text(e, "name").empty() ? text(e, "source") : text(e, "name")}}];
  }
}

std::string station_metrics::render(const json::object& variables, const std::map<std::string, double>& gauges) const {
  std::string out;
  counter(out, "stationd_scans_total", "Scans read from scanners and injected, by device and result.", scans_);
  counter(out, "stationd_decisions_total", "Workflow inputs decided, by result (accepted, refused, ignored).",
          decisions_);
  counter(out, "stationd_rejections_total", "Refused workflow inputs, by message id.", rejections_);
  counter(out, "stationd_weights_total", "Weight changes reported by scales, by device and stability.", weights_);
  counter(out, "stationd_print_jobs_total", "Print job state changes, by printer and new state.", print_jobs_);
  counter(out, "stationd_alarms_total", "Alarms raised, by name.", alarms_);
  family(out, "stationd_http_requests_total", "counter", "HTTP requests answered, by status code.");
  for (const auto& [code, n] : http_) out += fmt::format("stationd_http_requests_total{{code=\"{}\"}} {}\n", code, n);

  auto gauge = [&](std::string_view name, std::string_view help, std::optional<double> value) {
    family(out, name, "gauge", help);
    if (value) out += fmt::format("{} {}\n", name, *value);
  };
  auto variable = [&](std::string_view key) -> std::optional<double> {
    const auto* v = variables.if_contains(key);
    return v ? number(*v) : std::nullopt;
  };
  gauge("stationd_outbox_depth", "Events central has not acknowledged.", variable("outbox.depth"));
  gauge("stationd_outbox_oldest_age_seconds", "Age of the oldest unacknowledged event.", variable("outbox.oldest_age_s"));
  const auto* link = variables.if_contains("central.link");
  gauge("stationd_central_link_up", "1 while the link to central is up.",
        link && link->is_string() ? std::optional<double>{link->get_string() == "up" ? 1.0 : 0.0} : std::nullopt);
  gauge("stationd_journal_last_seq", "Highest committed journal sequence.", variable("journal.last_seq"));
  gauge("stationd_journal_queued", "Journal units waiting for the writer.", variable("journal.queued"));
  gauge("stationd_sscc_remaining", "SSCC serials left in the configured range.", variable("sscc.remaining"));
  for (const auto& [name, value] : gauges) {
    family(out, name, "gauge", "See docs/api.md.");
    out += fmt::format("{} {}\n", name, value);
  }

  // Devices: one series per device from <name>.driver.state and, for scales and
  // printers, their weight and status.
  std::string up, state, weight, printer;
  for (const auto& [key, value] : variables) {
    const std::string_view k = key;
    if (k.ends_with(".driver.state") && value.is_string()) {
      const auto device = escape_label(before(k, ".driver.state"));
      const auto s = escape_label(value.get_string());
      up += fmt::format("stationd_device_up{{device=\"{}\"}} {}\n", device, value.get_string() == "online" ? 1 : 0);
      state += fmt::format("stationd_device_state{{device=\"{}\",state=\"{}\"}} 1\n", device, s);
    } else if (k.ends_with(".weight")) {
      if (const auto w = number(value)) {
        const auto device = std::string{before(k, ".weight")};
        const auto* unit = variables.if_contains(device + ".unit");
        weight += fmt::format("stationd_scale_weight{{device=\"{}\",unit=\"{}\"}} {}\n", escape_label(device),
                              unit && unit->is_string() ? escape_label(unit->get_string()) : "", *w);
      }
    } else if (k.ends_with(".status") && value.is_string()) {
      printer += fmt::format("stationd_printer_status{{printer=\"{}\",status=\"{}\"}} 1\n",
                             escape_label(before(k, ".status")), escape_label(value.get_string()));
    }
  }
  family(out, "stationd_device_up", "gauge", "1 while the device's driver is online.");
  out += up;
  family(out, "stationd_device_state", "gauge", "The device driver's state (1 for the current one).");
  out += state;
  family(out, "stationd_scale_weight", "gauge", "The scale's current weight, absent while it has none.");
  out += weight;
  family(out, "stationd_printer_status", "gauge", "The printer's status token (1 for the current one).");
  out += printer;
  return out;
}

} // namespace stationd::api
