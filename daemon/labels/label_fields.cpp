#include "labels/label_fields.hpp"

#include "gs1/gs1.hpp"
#include "labels/zpl_barcodes.hpp"

#include <fmt/format.h>

namespace stationd::labels {
namespace {

// Checks GS1 elements as the parser would read them back; an error names the AI.
std::optional<std::string> invalid(const std::vector<gs1::element>& elements) {
  const auto parsed = gs1::parse_element_string(gs1::to_element_string(elements));
  if (parsed) return std::nullopt;
  return parsed.failure->message;
}

field_result fail(std::string message) { return {std::nullopt, std::move(message)}; }

} // namespace

std::optional<std::pair<std::string, std::string>> gross_weight_ai(const std::string& kg) {
  const auto dot = kg.find('.');
  const auto whole = kg.substr(0, dot);
  const auto fraction = dot == std::string::npos ? std::string{} : kg.substr(dot + 1);
  if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos ||
      fraction.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  // The most decimals that still fit six digits (0-5 for AI 3300-3305).
  for (int decimals = std::min<int>(5, static_cast<int>(fraction.size())); decimals >= 0; --decimals) {
    auto digits = whole + fraction.substr(0, static_cast<std::size_t>(decimals));
    const auto first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    if (digits.size() <= 6) return std::pair{fmt::format("330{}", decimals), fmt::format("{:0>6}", digits)};
  }
  return std::nullopt;
}

field_result logistic_label_fields(const logistic_label& l) {
  const std::vector<gs1::element> sscc{{"00", l.sscc}};
  if (auto problem = invalid(sscc)) return fail(fmt::format("SSCC: {}", *problem));
  const std::vector<gs1::element> postal{{"420", l.ship_to.postal_code}};
  if (auto problem = invalid(postal)) return fail(fmt::format("ship-to postal code: {}", *problem));
  const auto weight = gross_weight_ai(l.gross_weight_kg);
  if (!weight) return fail(fmt::format("gross weight \"{}\" kg does not fit AI 330n", l.gross_weight_kg));
  // The fixed-length weight first, so the order number needs no separator.
  const std::vector<gs1::element> order{{weight->first, weight->second}, {"400", l.order_number}};
  const std::vector<gs1::element> order_check{{"00", l.sscc}, {weight->first, weight->second}, {"400", l.order_number}};
  if (auto problem = invalid(order_check)) return fail(fmt::format("order/weight: {}", *problem));

  field_map f;
  f["ship_from"] = l.ship_from;
  f["ship_to_name"] = l.ship_to.name;
  f["ship_to_address"] = l.ship_to.street;
  f["ship_to_postal"] = l.ship_to.postal_code;
  f["ship_to_city"] = l.ship_to.city;
  f["ship_to_country"] = l.ship_to.country;
  f["postal_barcode"] = gs1_128_field_data(postal);
  f["postal_text"] = gs1::to_bracketed(postal);
  f["order_number"] = l.order_number;
  f["weight_text"] = fmt::format("{} KG", l.gross_weight_kg);
  if (l.package_count > 1) f["package_text"] = fmt::format("PACKAGE {} OF {}", l.package_number, l.package_count);
  else if (l.package_count == 0) f["package_text"] = fmt::format("PACKAGE {}", l.package_number);
  f["order_barcode"] = gs1_128_field_data(order);
  f["order_text"] = gs1::to_bracketed(order);
  f["sscc_barcode"] = gs1_128_field_data(sscc);
  f["sscc_text"] = sscc_text(l.sscc, l.company_prefix_length);
  return {std::move(f), {}};
}

field_result return_label_fields(const return_label& l) {
  std::vector<gs1::element> item{{"01", l.gtin}};
  if (!l.serial.empty()) item.push_back({"21", l.serial});
  if (auto problem = invalid(item)) return fail(fmt::format("returned item: {}", *problem));
  field_map f;
  f["rma"] = l.rma;
  f["order_number"] = l.order_number;
  f["date"] = l.date;
  f["item_description"] = l.item_description;
  f["item_text"] = gs1::to_bracketed(item);
  f["item_barcode"] = gs1_128_field_data(item);
  f["grade"] = l.grade;
  f["disposition"] = l.disposition;
  f["destination"] = l.destination;
  f["reason"] = l.reason;
  f["inspected_by"] = l.inspected_by;
  f["station"] = l.station;
  if (auto problem = code128_problem(l.rma)) return fail(fmt::format("RMA \"{}\": {}", l.rma, *problem));
  f["rma_barcode"] = code128_field_data(l.rma);
  return {std::move(f), {}};
}

field_result tote_label_fields(const tote_label& l) {
  if (l.code.empty()) return fail("a tote or location label needs a code");
  if (auto problem = code128_problem(l.code)) return fail(fmt::format("code \"{}\": {}", l.code, *problem));
  field_map f;
  f["kind"] = l.kind;
  f["code"] = l.code;
  f["description"] = l.description;
  f["code_barcode"] = code128_field_data(l.code);
  return {std::move(f), {}};
}

std::optional<std::vector<std::string>> built_in_fields(std::string_view label) {
  // Every field, optional ones included: the builders run on a complete example.
  field_result example;
  if (label == "gs1-logistic") {
    example = logistic_label_fields({"106141411234567897", 7, "Dock 2", {"A", "B", "12345", "C", "SE"}, "ORDER1", "1.5", 1, 2});
  } else if (label == "return-disposition") {
    example = return_label_fields({"RMA1", "ORDER1", "2026-01-01", "Item", "09506000134352", "S1", "A", "restock", "A-01",
                                   "unwanted", "clerk", "S1"});
  } else if (label == "tote-location") {
    example = tote_label_fields({"TOTE", "T1", "Tote"});
  } else {
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const auto& [name, value] : *example.fields) names.push_back(name);
  return names;
}

} // namespace stationd::labels
