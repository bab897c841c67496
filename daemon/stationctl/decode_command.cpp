#include "stationctl/decode_command.hpp"

#include "config/station_config.hpp"
#include "scan/classifier_config.hpp"
#include "scan/raw_notation.hpp"
#include "scan/scan_json.hpp"
#include "util/json_pretty.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

namespace stationd::ctl {
namespace {

namespace json = boost::json;

int current_year() {
  const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return static_cast<int>(today.year());
}

std::string text_of(const json::value& v) { return v.is_string() ? std::string{v.get_string()} : json::serialize(v); }

void print_text(const json::object& d) {
  std::cout << fmt::format("{} {} ({})", text_of(d.at("kind")), text_of(d.at("key")), text_of(d.at("scheme")));
  if (const auto* carrier = d.if_contains("carrier")) std::cout << " carrier " << text_of(*carrier);
  std::cout << '\n';
  if (const auto* attributes = d.if_contains("attributes")) {
    for (const auto& [name, value] : attributes->as_object()) {
      std::cout << fmt::format("  {:<15} {}\n", std::string_view{name}, text_of(value));
    }
  }
  if (const auto* elements = d.if_contains("elements")) {
    for (const auto& e : elements->as_array()) {
      const auto& o = e.as_object();
      std::cout << fmt::format("  {:<7} {:<28} {:<22} {}\n", "(" + text_of(o.at("ai")) + ")", text_of(o.at("title")),
                               text_of(o.at("value")), text_of(o.at("meaning")));
    }
    std::cout << fmt::format("  {:<15} {}\n", "bracketed", text_of(d.at("bracketed")));
    std::cout << fmt::format("  {:<15} {}\n", "element string", text_of(d.at("element_string")));
    if (const auto* dl = d.if_contains("digital_link")) std::cout << fmt::format("  {:<15} {}\n", "digital link", text_of(*dl));
  }
  const auto& source = d.at("source").as_object();
  std::string read_as = text_of(source.at("form"));
  if (source.at("symbology").is_object()) {
    read_as += fmt::format(", {} {}", text_of(source.at("symbology").at("id")), text_of(source.at("symbology").at("name")));
  }
  std::cout << fmt::format("  {:<15} {}\n", "read as", read_as);
}

} // namespace

int run_decode(const decode_request& request) {
  auto settings = config::default_scan_settings();
  if (request.config) {
    const auto loaded = config::load_station_config(*request.config, {});
    if (!loaded.config) {
      for (const auto& e : loaded.errors) std::cerr << e.to_string() << '\n';
      return 2;
    }
    settings = loaded.config->scan;
  }
  const auto rules = scan::make_rules(settings);
  const auto year = current_year();
  const auto raw = scan::expand_notation(request.raw);
  const auto decoded = scan::decode(raw, {year});
  if (!decoded) {
    if (request.json) {
      const json::object out{{"error", scan::to_json(*decoded.error)},
                             {"source", scan::source_json(raw, scan::split_symbology(raw).id, std::nullopt)}};
      std::cout << util::pretty_json(out) << '\n';
    }
    std::cerr << "stationctl: invalid code: " << decoded.error->message << '\n';
    return 1;
  }
  const auto meaning = scan::classify(*decoded.scan, rules, year);
  const auto out = scan::to_json(*decoded.scan, meaning, year);
  if (request.json) std::cout << util::pretty_json(out) << '\n';
  else print_text(out);
  return 0;
}

} // namespace stationd::ctl
