#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

// The station's counters for GET /metrics (Prometheus text format 0.0.4): what
// happened (scans, decisions, rejections, weights, print jobs, alarms, HTTP
// answers) counted from live events, and what is (outbox, link, devices) read
// from the status variables when rendered. Pure: events and variables come in.
namespace stationd::api {

class station_metrics {
public:
  // One live event of the hub (class "scan", "station", "weight", "print", "alarm").
  void observe(std::string_view event_class, const boost::json::object& event);
  void count_http(unsigned status) { ++http_[status]; }
  // `variables`: the status board's snapshot; `gauges`: extra values by metric name.
  std::string render(const boost::json::object& variables, const std::map<std::string, double>& gauges) const;

private:
  using labels = std::map<std::string, std::string>;
  std::map<labels, std::uint64_t> scans_, decisions_, rejections_, weights_, print_jobs_, alarms_;
  std::map<unsigned, std::uint64_t> http_;
};

// A label value escaped as the text format asks (backslash, quote, newline).
std::string escape_label(std::string_view value);

} // namespace stationd::api
