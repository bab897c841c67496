#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stationd::scan {

// An AIM symbology identifier (ISO/IEC 15424): "]" + code character + modifier,
// sent by a scanner in front of the data when "AIM ID transmission" is on.
struct symbology_id {
  char code = 0;     // 'C' Code 128, 'd' Data Matrix, 'Q' QR, 'E' EAN/UPC, 'e' DataBar ...
  char modifier = 0; // '0'-'9' or 'A'-'Z'
  std::string text() const { return {']', code, modifier}; }
  friend bool operator==(const symbology_id&, const symbology_id&) = default;
};

// How the data after the identifier is to be read.
enum class payload_kind {
  gs1,   // GS1 element string: ]C1 GS1-128, ]e0 DataBar, ]d2 GS1 DataMatrix, ]Q3 GS1 QR, ]J1 GS1 DotCode
  gtin,  // a bare GTIN with validated check digit: ]E0 EAN-13/UPC-A, ]E4 EAN-8, ]E3 EAN + add-on, ]I1 ITF-14
  plain, // anything else: Code 128 ]C0, Code 39, plain QR/DataMatrix (which may hold a Digital Link URI)
};

struct symbology_info {
  std::string_view name; // "GS1-128"
  payload_kind kind;
};

symbology_info describe(symbology_id id);

struct split_scan {
  std::optional<symbology_id> id;
  std::string_view data; // after the identifier (all of the scan when there is none)
};

// Splits "]C1..." into identifier and data. Data that does not start with a
// well-formed identifier is returned whole, without one.
split_scan split_symbology(std::string_view raw);

} // namespace stationd::scan
