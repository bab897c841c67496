#pragma once

// The field values of the built-in label templates (config/labels/), computed
// from what the station knows. Pure. Every GS1 value is checked with the GS1
// parser before it goes on a label: a label with invalid GS1 data is an error
// here, not a barcode that fails at the carrier's dock.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::labels {

using field_map = std::map<std::string, std::string, std::less<>>;

struct field_result {
  std::optional<field_map> fields;
  std::string error;
};

struct address {
  std::string name;
  std::string street;
  std::string postal_code;
  std::string city;
  std::string country; // ISO 3166 alpha-2, for the text line
};

struct logistic_label {
  std::string sscc;                  // 18 digits
  std::size_t company_prefix_length = 7;
  std::string ship_from;
  address ship_to;
  std::string order_number;          // AI 400
  std::string gross_weight_kg;       // decimal string from the scale, e.g. "12.55"
  int package_number = 1;            // "package 1 of 2"
  int package_count = 1;
};
field_result logistic_label_fields(const logistic_label& label);

struct return_label {
  std::string rma;
  std::string order_number;
  std::string date;                  // ISO date
  std::string item_description;
  std::string gtin;                  // 14 digits
  std::string serial;                // may be empty
  std::string grade;                 // A-D
  std::string disposition;           // restock, refurbish, quarantine, return to vendor, scrap
  std::string destination;           // a location for restock
  std::string reason;
  std::string inspected_by;
  std::string station;
};
field_result return_label_fields(const return_label& label);

struct tote_label {
  std::string kind; // "TOTE" or "LOCATION"
  std::string code;
  std::string description;
};
field_result tote_label_fields(const tote_label& label);

// The fields the station fills for a built-in label (gs1-logistic,
// return-disposition, tote-location); nullopt for any other name. A template of
// that name may use these fields only.
std::optional<std::vector<std::string>> built_in_fields(std::string_view label);

// AI 330n for a gross weight in kg: "12.55" -> {"3302", "001255"}; the most
// decimals that fit 6 digits. nullopt when not a weight or too heavy.
std::optional<std::pair<std::string, std::string>> gross_weight_ai(const std::string& kg);

} // namespace stationd::labels
