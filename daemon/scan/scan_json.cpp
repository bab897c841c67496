#include "scan/scan_json.hpp"

#include "scan/raw_notation.hpp"

#include <boost/json/array.hpp>

namespace stationd::scan {

namespace json = boost::json;

json::object source_json(std::string_view raw, const std::optional<symbology_id>& symbology,
                         std::optional<scan_form> form) {
  json::object source{{"raw", show_notation(raw)}};
  if (form) source["form"] = to_string(*form);
  if (symbology) {
    source["symbology"] = json::object{{"id", symbology->text()}, {"name", describe(*symbology).name}};
  } else {
    source["symbology"] = nullptr;
  }
  return source;
}

json::object to_json(const decoded_scan& scan, const classified_scan& meaning, int current_year) {
  json::object out{{"kind", to_string(meaning.kind)}, {"key", meaning.key}, {"scheme", meaning.scheme}};
  if (!meaning.carrier.empty()) out["carrier"] = meaning.carrier;

  json::object attributes;
  if (meaning.lot) attributes["lot"] = *meaning.lot;
  if (meaning.serial) attributes["serial"] = *meaning.serial;
  if (meaning.expiry) attributes["expiry"] = gs1::to_iso(*meaning.expiry);
  if (meaning.best_before) attributes["best_before"] = gs1::to_iso(*meaning.best_before);
  if (meaning.order_number) attributes["order_number"] = *meaning.order_number;
  if (!attributes.empty()) out["attributes"] = std::move(attributes);

  if (!scan.elements.empty()) {
    // Canonical order, so the element string, bracketed and Digital Link forms of
    // one code give one answer; the scan as received is in "source".
    const auto canonical = gs1::canonical_order(scan.elements);
    json::array elements;
    for (const auto& e : canonical) {
      const auto* def = gs1::find_ai(e.ai);
      elements.push_back(json::object{{"ai", e.ai},
                                      {"title", def ? def->title : std::string_view{}},
                                      {"value", e.value},
                                      {"meaning", gs1::describe(e, current_year)}});
    }
    out["elements"] = std::move(elements);
    out["bracketed"] = gs1::to_bracketed(canonical);
    out["element_string"] = show_notation(gs1::to_element_string(canonical));
    if (auto uri = gs1::to_digital_link(canonical); !uri.empty()) out["digital_link"] = std::move(uri);
  }
  out["source"] = source_json(scan.raw, scan.symbology, scan.form);
  return out;
}

json::object to_json(const scan_error& error) {
  json::object out{{"code", error.code}, {"message", error.message}, {"position", error.position}};
  if (!error.ai.empty()) out["ai"] = error.ai;
  if (!error.value.empty()) out["value"] = error.value;
  return out;
}

} // namespace stationd::scan
