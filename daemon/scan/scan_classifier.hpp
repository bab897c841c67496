#pragma once

#include "gs1/gs1.hpp"
#include "scan/scan_decoder.hpp"

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::scan {

// What a scan means at a station.
enum class scan_kind {
  product,  // GTIN (EAN/UPC/GS1 with AI 01 or 02) or an internal SKU
  sscc,     // a logistic unit (parcel, pallet): AI 00
  location, // a storage location: site pattern, or GS1 AI 414 (GLN of a physical location)
  tote,     // a tote or container: site pattern, or GS1 AI 8003 (GRAI) / 8004 (GIAI)
  order,    // an order: site pattern, or GS1 AI 400 alone
  rma,      // a return authorisation: site pattern
  tracking, // a carrier tracking number: carrier patterns, or GS1 AI 401/402, or 420/421 with 90-99
  badge,    // an operator badge: site pattern
  command,  // a station command code: prefix + name, e.g. "CMD-LOGOUT"
  unknown,  // none of the above
};

std::string_view to_string(scan_kind kind) noexcept;

struct pattern_rule {
  scan_kind kind;
  std::string pattern; // ECMAScript regular expression; must match the whole scan
  std::regex compiled;
};

// A carrier's tracking numbers: the scan is cleaned (prefix/suffix removed)
// and then matched, e.g. USPS IMpb barcodes start with "420" + ZIP.
struct carrier_rule {
  std::string name;
  std::regex strip_prefix; // removed from the start when it matches there
  std::regex strip_suffix; // removed from the end when it matches there
  std::regex pattern;      // must match the whole cleaned number
  bool has_prefix = false;
  bool has_suffix = false;
};

// Site-specific rules, from the [scan] configuration section.
struct classifier_rules {
  std::string command_prefix = "CMD-";
  std::vector<pattern_rule> patterns; // checked in order
  std::vector<carrier_rule> carriers; // checked after the patterns, in order

  void add_pattern(scan_kind kind, const std::string& regex); // empty: ignored
  void add_carrier(std::string name, const std::string& pattern, const std::string& strip_prefix,
                   const std::string& strip_suffix);
};

struct classified_scan {
  scan_kind kind = scan_kind::unknown;
  std::string key;     // GTIN-14, SSCC, SKU, location code, tote id, order id, RMA, tracking number, badge, command name
  std::string scheme;  // how `key` is to be read: gtin, sku, sscc, gln, grai, giai, site, tracking, command
  std::string carrier; // for tracking numbers: the matching carrier rule
  // GS1 attributes a product scan may carry.
  std::optional<std::string> lot;     // (10)
  std::optional<std::string> serial;  // (21)
  std::optional<gs1::date> expiry;    // (17) use-by / expiry
  std::optional<gs1::date> best_before; // (15)
  std::optional<std::string> order_number; // (400) on a logistic label
};

classified_scan classify(const decoded_scan& scan, const classifier_rules& rules, int current_year = 2026);

} // namespace stationd::scan
