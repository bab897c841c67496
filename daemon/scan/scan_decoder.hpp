#pragma once

#include "gs1/gs1.hpp"
#include "scan/scan_error.hpp"
#include "scan/symbology.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stationd::scan {

// Which written form the scan's data had.
enum class scan_form {
  element_string, // GS1 AIs as a scanner sends them (after ]C1, ]d2, ...)
  bracketed,      // GS1 AIs as "(01)...(10)..." (typed in by hand)
  digital_link,   // a GS1 Digital Link URI
  gtin,           // a bare EAN/UPC/ITF-14 number, held as AI (01)
  plain,          // anything else, for the classifier's site patterns
};

std::string_view to_string(scan_form form) noexcept;

struct decoded_scan {
  std::string raw;                      // the scan as received (framing removed)
  std::optional<symbology_id> symbology;
  scan_form form = scan_form::plain;
  std::string data;                     // after the symbology identifier
  std::vector<gs1::element> elements;   // GS1 content (empty for plain)
};

struct decode_result {
  std::optional<decoded_scan> scan;
  std::optional<scan_error> error;
  explicit operator bool() const noexcept { return scan.has_value(); }
};

struct decode_options {
  int current_year = 2026; // for GS1 YYMMDD dates
};

// Reads one scan. With an AIM identifier the symbology decides how the data is
// read; without one (scanners with AIM IDs off, keyboard entry) the data's own
// shape decides: GS separators or a leading "(" mean GS1, an http(s) URI a
// Digital Link, 8/12/13/14 digits with a valid check digit a GTIN, "00" + 18
// digits with a valid check digit an SSCC. Everything else is plain.
// Any byte outside printable ASCII (other than GS inside GS1 data) is refused.
decode_result decode(std::string_view raw, const decode_options& options = {});

scan_error from_gs1(const gs1::error& e, std::size_t offset);

} // namespace stationd::scan
