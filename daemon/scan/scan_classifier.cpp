#include "scan/scan_classifier.hpp"

#include <algorithm>

namespace stationd::scan {
namespace {

const gs1::element* find(const std::vector<gs1::element>& elements, std::string_view ai) {
  const auto it = std::find_if(elements.begin(), elements.end(), [&](const gs1::element& e) { return e.ai == ai; });
  return it == elements.end() ? nullptr : &*it;
}

std::optional<std::string> value_of(const std::vector<gs1::element>& elements, std::string_view ai) {
  if (const auto* e = find(elements, ai)) return e->value;
  return std::nullopt;
}

std::optional<gs1::date> date_of(const std::vector<gs1::element>& elements, std::string_view ai, int year) {
  if (const auto* e = find(elements, ai)) return gs1::parse_yymmdd(e->value, year, true);
  return std::nullopt;
}

const gs1::element* internal_tracking(const std::vector<gs1::element>& elements) {
  for (const auto& e : elements) {
    if (e.ai.size() == 2 && e.ai[0] == '9') return &e; // 90-99: company internal, used by carriers after 420/421
  }
  return nullptr;
}

std::string clean(const std::string& value, const carrier_rule& rule) {
  std::string cleaned = value;
  std::smatch m;
  if (rule.has_prefix && std::regex_search(cleaned, m, rule.strip_prefix, std::regex_constants::match_continuous)) {
    cleaned.erase(0, static_cast<std::size_t>(m.length(0)));
  }
  if (rule.has_suffix && std::regex_search(cleaned, m, rule.strip_suffix) &&
      static_cast<std::size_t>(m.position(0) + m.length(0)) == cleaned.size()) {
    cleaned.erase(static_cast<std::size_t>(m.position(0)));
  }
  return cleaned;
}

// A carrier rule matching `value` (after clean-up); the cleaned number in `out`.
const carrier_rule* match_carrier(const classifier_rules& rules, const std::string& value, std::string& out) {
  for (const auto& rule : rules.carriers) {
    auto cleaned = clean(value, rule);
    if (std::regex_match(cleaned, rule.pattern)) {
      out = std::move(cleaned);
      return &rule;
    }
  }
  return nullptr;
}

classified_scan classify_gs1(const decoded_scan& scan, const classifier_rules& rules, int year) {
  const auto& el = scan.elements;
  classified_scan c;
  if (const auto sscc = value_of(el, "00")) {
    c.kind = scan_kind::sscc;
    c.key = *sscc;
    c.scheme = "sscc";
    c.order_number = value_of(el, "400");
    return c;
  }
  const auto gtin = value_of(el, "01");
  const auto content = value_of(el, "02");
  if (gtin || content) {
    c.kind = scan_kind::product;
    c.key = gtin ? *gtin : *content;
    c.scheme = "gtin";
    c.lot = value_of(el, "10");
    c.serial = value_of(el, "21");
    c.expiry = date_of(el, "17", year);
    c.best_before = date_of(el, "15", year);
    return c;
  }
  if (const auto gln = value_of(el, "414")) {
    c.kind = scan_kind::location;
    c.key = *gln;
    if (const auto extension = value_of(el, "254")) c.key += "/" + *extension;
    c.scheme = "gln";
    return c;
  }
  if (const auto grai = value_of(el, "8003")) {
    c.kind = scan_kind::tote;
    c.key = *grai;
    c.scheme = "grai";
    return c;
  }
  if (const auto giai = value_of(el, "8004")) {
    c.kind = scan_kind::tote;
    c.key = *giai;
    c.scheme = "giai";
    return c;
  }
  for (const auto* ai : {"401", "402"}) {
    if (const auto id = value_of(el, ai)) {
      c.kind = scan_kind::tracking;
      c.key = *id;
      c.scheme = ai == std::string_view{"401"} ? "ginc" : "gsin";
      return c;
    }
  }
  if (find(el, "420") || find(el, "421")) {
    if (const auto* internal = internal_tracking(el)) {
      c.kind = scan_kind::tracking;
      c.scheme = "tracking";
      std::string cleaned;
      if (const auto* carrier = match_carrier(rules, internal->value, cleaned)) {
        c.carrier = carrier->name;
        c.key = cleaned;
      } else {
        c.key = internal->value;
      }
      return c;
    }
  }
  if (const auto order = value_of(el, "400"); order && el.size() == 1) {
    c.kind = scan_kind::order;
    c.key = *order;
    c.scheme = "gs1-order";
    return c;
  }
  c.kind = scan_kind::unknown;
  c.key = gs1::to_bracketed(el);
  c.scheme = "gs1";
  return c;
}

} // namespace

std::string_view to_string(scan_kind kind) noexcept {
  switch (kind) {
  case scan_kind::product: return "product";
  case scan_kind::sscc: return "sscc";
  case scan_kind::location: return "location";
  case scan_kind::tote: return "tote";
  case scan_kind::order: return "order";
  case scan_kind::rma: return "rma";
  case scan_kind::tracking: return "tracking";
  case scan_kind::badge: return "badge";
  case scan_kind::command: return "command";
  case scan_kind::unknown: return "unknown";
  }
  return "unknown";
}

void classifier_rules::add_pattern(scan_kind kind, const std::string& regex) {
  if (regex.empty()) return;
  patterns.push_back({kind, regex, std::regex{regex, std::regex::ECMAScript | std::regex::optimize}});
}

void classifier_rules::add_carrier(std::string name, const std::string& pattern, const std::string& strip_prefix,
                                   const std::string& strip_suffix) {
  carrier_rule rule;
  rule.name = std::move(name);
  rule.pattern = std::regex{pattern, std::regex::ECMAScript | std::regex::optimize};
  rule.has_prefix = !strip_prefix.empty();
  rule.has_suffix = !strip_suffix.empty();
  if (rule.has_prefix) rule.strip_prefix = std::regex{strip_prefix, std::regex::ECMAScript};
  if (rule.has_suffix) rule.strip_suffix = std::regex{strip_suffix, std::regex::ECMAScript};
  carriers.push_back(std::move(rule));
}

classified_scan classify(const decoded_scan& scan, const classifier_rules& rules, int current_year) {
  if (scan.form != scan_form::plain) return classify_gs1(scan, rules, current_year);

  classified_scan c;
  const auto& data = scan.data;
  if (!rules.command_prefix.empty() && data.starts_with(rules.command_prefix) &&
      data.size() > rules.command_prefix.size()) {
    c.kind = scan_kind::command;
    c.key = data.substr(rules.command_prefix.size());
    c.scheme = "command";
    return c;
  }
  for (const auto& rule : rules.patterns) {
    if (std::regex_match(data, rule.compiled)) {
      c.kind = rule.kind;
      c.key = data;
      c.scheme = rule.kind == scan_kind::product ? "sku" : "site";
      return c;
    }
  }
  std::string cleaned;
  if (const auto* carrier = match_carrier(rules, data, cleaned)) {
    c.kind = scan_kind::tracking;
    c.key = cleaned;
    c.carrier = carrier->name;
    c.scheme = "tracking";
    return c;
  }
  c.kind = scan_kind::unknown;
  c.key = data;
  c.scheme = "plain";
  return c;
}

} // namespace stationd::scan
