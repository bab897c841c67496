#pragma once

#include <cstddef>
#include <string>

namespace stationd::scan {

// Why a scan was refused. `code` is a stable token ("gs1.bad_check_digit",
// "scan.not_ascii", ...) for programs and translations; `message` is the exact
// English sentence shown to people.
struct scan_error {
  std::string code;
  std::string message;
  std::string ai;           // the GS1 AI concerned, if any
  std::string value;        // the offending value, if any
  std::size_t position = 0; // byte offset in the scan data
};

} // namespace stationd::scan
