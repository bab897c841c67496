#include "api/metrics.hpp"
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace stationd::api;
namespace json = boost::json;

namespace {
bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}
} // namespace

TEST_CASE("metrics count events and show variables in the Prometheus text format") {
  station_metrics m;
  m.observe("scan", json::parse(R"({"device":"scanner","ok":true})").as_object());
  m.observe("scan", json::parse(R"({"device":"scanner","ok":true})").as_object());
  m.observe("scan", json::parse(R"({"device":"scanner","ok":false})").as_object());
  m.observe("station", json::parse(R"({"verdict":"accepted","message":{"id":"pack.unit_packed"}})").as_object());
  m.observe("station", json::parse(R"({"verdict":"refused","message":{"id":"pack.wrong_item"}})").as_object());
  m.observe("station", json::parse(R"({"verdict":"refused","message":{"id":"pack.wrong_item"}})").as_object());
  m.observe("weight", json::parse(R"({"device":"scale","weight":"1.522","stable":true,"state":"ok"})").as_object());
  m.observe("weight", json::parse(R"({"device":"scale","weight":null,"stable":false,"state":"offline"})").as_object());
  m.observe("print", json::parse(R"({"printer":"printer","state":"confirmed"})").as_object());
  m.observe("alarm", json::parse(R"({"name":"outbox.late","text":"..."})").as_object());
  m.observe("light", json::parse(R"({"x":1})").as_object()); // not counted
  m.count_http(200);
  m.count_http(200);
  m.count_http(429);
  const auto vars = json::parse(R"({"outbox.depth":3,"outbox.oldest_age_s":12,"central.link":"down",
      "journal.last_seq":99,"scale.weight":"1.522","scale.unit":"kg","scale.driver.state":"online",
      "printer.driver.state":"offline","printer.status":"MEDIA-OUT","od\"d.driver.state":"online"})").as_object();
  const auto text = m.render(vars, {{"stationd_websocket_clients", 2}});
  CAPTURE(text);
  CHECK(has_line(text, R"(stationd_scans_total{device="scanner",result="ok"} 2)"));
  CHECK(has_line(text, R"(stationd_scans_total{device="scanner",result="error"} 1)"));
  CHECK(has_line(text, R"(stationd_decisions_total{result="refused"} 2)"));
  CHECK(has_line(text, R"(stationd_rejections_total{message="pack.wrong_item"} 2)"));
  CHECK(has_line(text, R"(stationd_weights_total{device="scale",stable="true"} 1)"));
  CHECK(has_line(text, R"(stationd_print_jobs_total{printer="printer",state="confirmed"} 1)"));
  CHECK(has_line(text, R"(stationd_alarms_total{name="outbox.late"} 1)"));
  CHECK(has_line(text, R"(stationd_http_requests_total{code="200"} 2)"));
  CHECK(has_line(text, R"(stationd_http_requests_total{code="429"} 1)"));
  CHECK(has_line(text, "stationd_outbox_depth 3"));
  CHECK(has_line(text, "stationd_outbox_oldest_age_seconds 12"));
  CHECK(has_line(text, "stationd_central_link_up 0"));
  CHECK(has_line(text, "stationd_journal_last_seq 99"));
  CHECK(has_line(text, R"(stationd_device_up{device="scale"} 1)"));
  CHECK(has_line(text, R"(stationd_device_up{device="printer"} 0)"));
  CHECK(has_line(text, R"(stationd_device_up{device="od\"d"} 1)"));
  CHECK(has_line(text, R"(stationd_device_state{device="printer",state="offline"} 1)"));
  CHECK(has_line(text, R"(stationd_scale_weight{device="scale",unit="kg"} 1.522)"));
  CHECK(has_line(text, R"(stationd_printer_status{printer="printer",status="MEDIA-OUT"} 1)"));
  CHECK(has_line(text, "stationd_websocket_clients 2"));
  CHECK(has_line(text, "# TYPE stationd_scans_total counter"));
  CHECK(has_line(text, "# TYPE stationd_outbox_depth gauge"));
  CHECK(text.find("light") == std::string::npos);
  // Every sample line is "name{labels} value" or "name value".
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    REQUIRE(end != std::string::npos);
    const auto line = text.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("#")) continue;
    CAPTURE(line);
    CHECK(line.starts_with("stationd_"));
    CHECK(line.find(' ') != std::string::npos);
  }
}

TEST_CASE("label values are escaped") {
  CHECK(escape_label(R"(a"b\c)") == R"(a\"b\\c)");
  CHECK(escape_label("a\nb") == R"(a\nb)");
}
